import { recipientsFor } from '../../src/mail/recipients';
import { orderFixture } from './orderFixture';

describe('recipients', () => {
  const order = orderFixture();
  order.order.contacts = [
    { name: 'Jane Roe', email: 'jane@example.com' },
    { name: 'Jane again', email: 'JANE@example.com' },
    { name: 'Ops as contact', email: 'Porting-Ops@example.net' },
  ];

  it('R37.1: contacts get one copy per address, whatever the case', () => {
    expect(recipientsFor('contacts', order, 'porting-ops@example.net')).toEqual(['jane@example.com', 'Porting-Ops@example.net']);
  });

  it('R37.1: ops alerts go to the ops mailbox only', () => {
    expect(recipientsFor('ops', order, 'porting-ops@example.net')).toEqual(['porting-ops@example.net']);
  });

  it('R37.1: both = contacts and ops, the ops mailbox not doubled when it is also a contact', () => {
    expect(recipientsFor('both', order, 'porting-ops@example.net')).toEqual(['jane@example.com', 'Porting-Ops@example.net']);
    expect(recipientsFor('both', order, 'desk@example.org')).toEqual(['jane@example.com', 'Porting-Ops@example.net', 'desk@example.org']);
  });
});
