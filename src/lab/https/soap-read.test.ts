import { describe, expect, it } from 'vitest';
import { claimedSipUri, federationTokenUser, hasWebTicket, makeFederationToken, usernameToken } from './soap-read.js';

describe('soap-read', () => {
  it('reads the SIP URI claim of a RequestSecurityToken', () => {
    expect(claimedSipUri('<auth:ClaimType Uri="u"> <auth:Value>sip:alice@corp.example</auth:Value></auth:ClaimType>')).toBe('alice@corp.example');
    expect(claimedSipUri('<wst:RequestSecurityToken/>')).toBeUndefined();
  });
  it('reads a UsernameToken, unescaping XML', () => {
    expect(usernameToken('<wsse:UsernameToken> <wsse:Username>bob@corp.example</wsse:Username> <wsse:Password>P&amp;w&lt;1</wsse:Password></wsse:UsernameToken>'))
      .toEqual({ user: 'bob@corp.example', password: 'P&w<1' });
    expect(usernameToken('<wsse:UsernameToken><wsse:Username>x</wsse:Username></wsse:UsernameToken>')).toBeUndefined();
    expect(usernameToken('')).toBeUndefined();
  });
  it('finds a web ticket only in the WS-Security header', () => {
    expect(hasWebTicket('<soap:Header><wsse:Security><wsu:Timestamp/><saml:Assertion AssertionID="x"/></wsse:Security></soap:Header><soap:Body/>')).toBe(true);
    expect(hasWebTicket('<soap:Header></soap:Header><soap:Body><saml:Assertion/></soap:Body>')).toBe(false);
  });
  it('round-trips the lab federation token through the WS-Security header', () => {
    const token = makeFederationToken('bob@corp.example');
    expect(federationTokenUser(`<soap:Header><wsse:Security><EncryptedData><CipherData><CipherValue>bGFiLWtleQ==</CipherValue></CipherData><CipherData><CipherValue>${token}</CipherValue></CipherData></EncryptedData></wsse:Security></soap:Header>`))
      .toBe('bob@corp.example');
    expect(federationTokenUser(`<soap:Body><CipherValue>${token}</CipherValue></soap:Body>`)).toBeUndefined();
  });
});
