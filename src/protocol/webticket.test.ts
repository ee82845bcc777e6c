import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstElement, rst2Token, webTicketAssertion } from './webticket.js';

const SAML = '<saml:Assertion MajorVersion="1" AssertionID="_1"><saml:Conditions/></saml:Assertion>';

describe('web ticket answers', () => {
  it('takes the first assertion and the RST2 token, whatever the prefix', () => {
    expect(webTicketAssertion(`<s:Envelope><s:Body><RequestSecurityTokenResponse>${SAML}${SAML}</RequestSecurityTokenResponse></s:Body></s:Envelope>`)).toBe(SAML);
    expect(webTicketAssertion('<Assertion ID="x">a</Assertion>')).toBe('<Assertion ID="x">a</Assertion>');
    expect(webTicketAssertion('<AssertionFoo>x</AssertionFoo>')).toBeUndefined();
    expect(webTicketAssertion('<saml:Assertion>unclosed')).toBeUndefined();
    expect(rst2Token('<S:Body><xenc:EncryptedData Id="t">abc</xenc:EncryptedData></S:Body>')).toBe('<xenc:EncryptedData Id="t">abc</xenc:EncryptedData>');
    expect(rst2Token('<S:Fault/>')).toBe('');
  });

  const XMLISH = fc.array(fc.constantFrom('<', '>', '</', '/>', 'saml:', 'Assertion', 'Assertions', ' ', 'x', ':', '"', '\n', '<saml:Assertion>', '</saml:Assertion>', '</Assertion>'), { maxLength: 60 }).map((p) => p.join(''));

  it('finds exactly what the lazy regular expression SIPE-style code used finds', () => {
    const reference = (b: string): string | undefined => /<(?:\w+:)?Assertion\b[\s\S]*?<\/(?:\w+:)?Assertion>/.exec(b)?.[0];
    fc.assert(fc.property(fc.oneof(XMLISH, fc.string({ maxLength: 200 })), (b) => {
      expect(webTicketAssertion(b)).toBe(reference(b));
    }), { numRuns: 2000 });
  });

  it('never throws and stays linear on hostile bodies (512 KiB of unclosed openings)', () => {
    const hostile = ['<saml:Assertion'.repeat(40_000), '<Assertion '.repeat(50_000), `</${'a'.repeat(500_000)}`, '<a:'.repeat(170_000)];
    for (const body of hostile) {
      const t0 = performance.now();
      firstElement(body, 'Assertion');
      rst2Token(body);
      expect(performance.now() - t0).toBeLessThan(2_000);
    }
    expect(firstElement('<a>x</a>', 'a.*')).toBeUndefined();
  });
});
