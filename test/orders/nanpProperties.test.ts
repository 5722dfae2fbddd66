import fc from 'fast-check';
import { classifyNanp } from '../../src/orders/nanp';
import { validateOrderInput } from '../../src/orders/validateOrder';
import { ctx, usOrder } from './orderFixtures';

/**
 * Area codes in service in the US and its territories (from the NANPA list, typed by hand so the
 * property does not take its inputs from the library it exercises).
 */
const usAreaCodes = `
201 202 203 205 206 207 208 209 210 212 213 214 215 216 217 218 219 224 225 228 229 231 234 239 240 248 251 252 253
254 256 260 262 267 269 270 276 281 301 302 303 304 305 307 308 309 310 312 313 314 315 316 317 318 319 320 321 323
330 334 336 337 339 347 351 352 360 361 385 386 401 402 404 405 406 407 408 409 410 412 413 414 415 417 419 423 425
430 432 434 435 440 443 458 469 470 475 478 479 480 484 501 502 503 504 505 507 508 509 510 512 513 515 516 517 518
520 530 539 540 541 551 559 561 562 563 567 570 571 573 574 575 580 585 586 601 602 603 605 606 607 608 609 610 612
614 615 616 617 618 619 620 623 626 628 629 630 631 636 641 646 650 651 657 660 661 662 667 669 678 681 682 701 702
703 704 706 707 708 712 713 714 715 716 717 718 719 720 724 725 727 731 732 734 737 740 747 754 757 760 762 763 765
769 770 772 773 774 775 779 781 785 786 801 802 803 804 805 806 808 810 812 813 814 815 816 817 818 828 830 831 832
843 845 847 848 850 856 857 858 859 860 862 863 864 865 870 872 878 901 903 904 906 907 908 909 910 912 913 914 915
916 917 918 919 920 925 928 929 931 936 937 938 940 941 947 949 951 952 954 956 959 970 971 972 973 978 979 980 984
985 989 787 939 671 670 340 684`
  .trim()
  .split(/\s+/);

const digits = (length: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((d) => d.join(''));
const n11 = (code: string) => code.slice(1) === '11';

/** NXX: first digit 2–9, not N11. */
const exchange = fc.tuple(fc.integer({ min: 2, max: 9 }), digits(2)).map(([first, rest]) => `${first}${rest}`).filter((nxx) => !n11(nxx));
const line = digits(4);

const validGeographicUsNumber = fc
  .tuple(fc.constantFrom(...usAreaCodes), exchange, line)
  .filter(([, nxx, subscriber]) => !(nxx === '555' && subscriber.startsWith('01')))
  .map(([npa, nxx, subscriber]) => `+1${npa}${nxx}${subscriber}`);

const orderWith = (numbers: unknown) => ({ ...usOrder(), numbers });

describe('R2 properties (fast-check)', () => {
  it('R2: every valid NANP geographic number of the US and its territories passes', () => {
    fc.assert(
      fc.property(validGeographicUsNumber, (number) => {
        const result = validateOrderInput(orderWith([number]), ctx);
        expect(result.ok ? [] : result.issues).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('R2: any number whose NPA has 9 as its second digit, or whose NPA or NXX is N11, fails at numbers[0]', () => {
    const npaSecondDigit9 = fc.tuple(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 0, max: 9 })).map(([a, c]) => `${a}9${c}`);
    const npaN11 = fc.integer({ min: 2, max: 9 }).map((a) => `${a}11`);
    const anyNxx = digits(3);
    const badNumber = fc.oneof(
      fc.tuple(fc.oneof(npaSecondDigit9, npaN11), anyNxx, line).map(([npa, nxx, sub]) => `+1${npa}${nxx}${sub}`),
      fc.tuple(fc.constantFrom(...usAreaCodes), fc.integer({ min: 2, max: 9 }), line).map(([npa, a, sub]) => `+1${npa}${a}11${sub}`),
    );
    fc.assert(
      fc.property(badNumber, (number) => {
        const result = validateOrderInput(orderWith(['+13034561234', number]), ctx);
        expect(result.ok ? [] : result.issues.map((i) => `${i.path} ${i.code}`)).toEqual(['numbers[1] not_geographic']);
      }),
      { numRuns: 2000 },
    );
  });

  it('R1/R11.1: a random string as a number never throws: always a result, with issues when not ok', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (number) => {
        const result = validateOrderInput(orderWith([number]), ctx);
        expect(result.ok || result.issues.length > 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('R11.1: any JSON value as the whole input never throws', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        const result = validateOrderInput(raw, ctx);
        expect(result.ok || result.issues.length > 0).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('classifyNanp', () => {
  it.each([
    ['+13034561234', { category: 'geographic' }],
    ['+18002345678', { category: 'tollFree' }],
    ['+19004561234', { category: 'nonGeographic' }],
    ['+442071234567', { category: 'notNanp' }],
    ['+1303456123', { category: 'notNanp' }],
    ['+10034561234', { category: 'invalid', defect: 'npa_starts_with_0_or_1' }],
    ['+12934561234', { category: 'invalid', defect: 'npa_second_digit_9' }],
    ['+19114561234', { category: 'invalid', defect: 'npa_is_n11' }],
    ['+13031234567', { category: 'invalid', defect: 'nxx_starts_with_0_or_1' }],
    ['+13034111234', { category: 'invalid', defect: 'nxx_is_n11' }],
    ['+13035550199', { category: 'invalid', defect: 'fictitious_555_01xx' }],
    ['+13035550200', { category: 'geographic' }],
  ])('R2/R3: %s is %o', (number, expected) => {
    expect(classifyNanp(number)).toEqual(expected);
  });
});
