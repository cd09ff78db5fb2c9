/** The applicant's place in the budget (docs/domain.md "Allocation"), in Dutch. */
export const allocationNl = {
  place: 'Budget',
  within: 'Uw aanvraag valt binnen het budget.',
  reserve:
    'Uw aanvraag staat op de reservelijst, plaats {position}. Komt er budget vrij, dan schuift u op; u krijgt dan bericht.',
  notDrawn: 'Uw plaats in de rij wordt na afloop van de dag door loting bepaald.',
};
