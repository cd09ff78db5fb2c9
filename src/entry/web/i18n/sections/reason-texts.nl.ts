/** The programme form's standard reason texts (one field per action), in Dutch. */
export const reasonTextsNl = {
  section: 'Standaardteksten voor de reden',
  intro:
    'De medewerker kiest bij een besluit een van deze teksten en past die zo nodig aan. Laat een veld leeg voor de algemene standaardteksten.',
  hint: 'Eén tekst per regel, hoogstens 5 teksten van elk hoogstens 500 tekens',
  label: {
    'request-information': 'Informatie vragen',
    reject: 'Afwijzen',
    'not-consider': 'Buiten behandeling stellen',
    dismiss: 'Bezwaar ongegrond verklaren',
    uphold: 'Bezwaar gegrond verklaren',
  },
  error: 'Vul hoogstens 5 teksten in, één per regel, elk hoogstens 500 tekens',
};
