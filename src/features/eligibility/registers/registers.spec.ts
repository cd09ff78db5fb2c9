import { LocalKvkRegister } from './kvk-register';
import { LocalTrainingRegister } from './training-register';

describe('local KvK register', () => {
  const kvk = new LocalKvkRegister();

  it('knows eight-digit numbers', async () => {
    await expect(kvk.isRegistered('12345678')).resolves.toBe(true);
    await expect(kvk.isRegistered('87654321')).resolves.toBe(true);
  });

  it('does not know deregistered numbers', async () => {
    await expect(kvk.isRegistered('00000000')).resolves.toBe(false);
    await expect(kvk.isRegistered('99999999')).resolves.toBe(false);
  });

  it('does not know what is not eight digits', async () => {
    for (const number of ['1234567', '123456789', '1234567a', '', ' 12345678']) {
      await expect(kvk.isRegistered(number)).resolves.toBe(false);
    }
  });
});

describe('local training register', () => {
  const register = new LocalTrainingRegister();

  it('knows the providers of the demo programmes, ignoring case and spaces', async () => {
    await expect(register.providerKnown('De Techniek Academie')).resolves.toBe(true);
    await expect(register.providerKnown('  de techniek   ACADEMIE ')).resolves.toBe(true);
    await expect(register.providerKnown('ROC van Twente')).resolves.toBe(true);
  });

  it('does not know other names', async () => {
    await expect(register.providerKnown('Online Academy')).resolves.toBe(false);
  });
});
