import { DomainError } from './errors';

/**
 * Serialized products: one serial per unit, scanned at receipt and at sale. A serial is in exactly one place at a
 * time: on the shelf of one location, on its way between two, or with a customer. Every event moves it from one
 * place to the next, and an event that does not fit where the serial is (selling it twice, receiving it at a
 * second shop while it is on the first one's shelf) is refused, never applied.
 */
export type SerialPlace =
  | { at: 'nowhere' }
  | { at: 'shelf'; locationId: string }
  | { at: 'transit'; from: string; to: string }
  | { at: 'customer'; saleId: string };

export type SerialEvent =
  | { kind: 'receive'; locationId: string }
  | { kind: 'sell'; locationId: string; saleId: string }
  | { kind: 'return'; locationId: string; saleId: string }
  | { kind: 'dispatch'; from: string; to: string }
  | { kind: 'arrive'; locationId: string }
  | { kind: 'write_off'; locationId: string };

function refuse(serial: string, place: SerialPlace, what: string): never {
  const where =
    place.at === 'shelf' ? `on the shelf at ${place.locationId}` : place.at === 'transit' ? `on its way to ${place.to}` : place.at === 'customer' ? `sold (sale ${place.saleId})` : 'not in stock anywhere';
  throw new DomainError('CONFLICT_TRANSITION', `serial ${serial} is ${where}: it cannot be ${what}`, { serial, at: place.at });
}

export function moveSerial(serial: string, place: SerialPlace, e: SerialEvent): SerialPlace {
  switch (e.kind) {
    case 'receive':
      return place.at === 'nowhere' ? { at: 'shelf', locationId: e.locationId } : refuse(serial, place, 'received again');
    case 'sell':
      return place.at === 'shelf' && place.locationId === e.locationId ? { at: 'customer', saleId: e.saleId } : refuse(serial, place, `sold at ${e.locationId}`);
    case 'return':
      return place.at === 'customer' && place.saleId === e.saleId ? { at: 'shelf', locationId: e.locationId } : refuse(serial, place, `returned against sale ${e.saleId}`);
    case 'dispatch':
      if (e.from === e.to) throw new DomainError('INVALID_INPUT', 'a transfer must go to another location', { serial, locationId: e.from });
      return place.at === 'shelf' && place.locationId === e.from ? { at: 'transit', from: e.from, to: e.to } : refuse(serial, place, `sent from ${e.from}`);
    case 'arrive':
      return place.at === 'transit' && place.to === e.locationId ? { at: 'shelf', locationId: e.locationId } : refuse(serial, place, `received at ${e.locationId}`);
    case 'write_off':
      return place.at === 'shelf' && place.locationId === e.locationId ? { at: 'nowhere' } : refuse(serial, place, `written off at ${e.locationId}`);
  }
}
