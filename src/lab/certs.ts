/**
 * The lab's PKI: a lab root CA, an intermediate, and one leaf certificate per CertKind (valid,
 * wrong host name, expired, not yet valid, self-signed, missing intermediate). RSA 2048 like a
 * real Lync deployment; the key pairs and the CA are generated once per process (keygen is the
 * slow part) and leaves are signed per lab for the host names that lab serves.
 */
import { webcrypto, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import './reflect-shim.js';
import * as x509 from '@peculiar/x509';
import type { CertKind } from './types.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const DAY = 86_400_000;

export const CERT_KINDS: readonly CertKind[] = ['valid', 'wrong-host', 'expired', 'not-yet-valid', 'self-signed', 'missing-intermediate'];

export interface LabCert {
  /** the leaf alone (what `--trust HOST=<file>` and tls_peers want) */
  certPem: string;
  keyPem: string;
  /** what the server sends: the leaf (the lab root is never sent; the intermediate is withheld on purpose) */
  chainPem: string;
  /** the leaf written to disk */
  file: string;
}

export interface LabPki {
  caPem: string;
  caFile: string;
  dir: string;
  certs: Record<CertKind, LabCert>;
  cleanup(): Promise<void>;
}

interface Keys {
  root: CryptoKeyPair;
  intermediate: CryptoKeyPair;
  leaf: CryptoKeyPair;
}

interface Authority {
  keys: Keys;
  root: x509.X509Certificate;
  intermediate: x509.X509Certificate;
}

let authority: Promise<Authority> | undefined;

type CryptoKeyPair = webcrypto.CryptoKeyPair;

async function generate(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

function serial(): string {
  const b = randomBytes(12);
  b[0] = (b[0] ?? 0) & 0x7f | 0x10; // positive, no leading zero byte
  return b.toString('hex');
}

async function makeAuthority(): Promise<Authority> {
  const [root, intermediate, leaf] = await Promise.all([generate(), generate(), generate()]);
  const now = Date.now();
  const rootCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=sipe-doctor Lab Root CA, O=sipe-doctor lab',
    notBefore: new Date(now - 3650 * DAY),
    notAfter: new Date(now + 3650 * DAY),
    keys: root as never,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 1, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(root.publicKey as never),
    ],
  });
  const intermediateCert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=sipe-doctor Lab Issuing CA 1, O=sipe-doctor lab',
    issuer: rootCert.subject,
    notBefore: new Date(now - 3000 * DAY),
    notAfter: new Date(now + 3000 * DAY),
    publicKey: intermediate.publicKey as never,
    signingKey: root.privateKey as never,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(intermediate.publicKey as never),
      await x509.AuthorityKeyIdentifierExtension.create(root.publicKey as never),
    ],
  });
  return { keys: { root, intermediate, leaf }, root: rootCert, intermediate: intermediateCert };
}

/** The process-wide lab CA (generated on first use). */
export function labAuthority(): Promise<Authority> {
  authority ??= makeAuthority();
  return authority;
}

export interface LeafSpec {
  /** DNS names; the first is the subject CN */
  hosts: string[];
  ips?: string[];
  notBefore: Date;
  notAfter: Date;
  issuer: 'root' | 'intermediate' | 'self';
}

async function makeLeaf(a: Authority, spec: LeafSpec): Promise<x509.X509Certificate> {
  const names: x509.JsonGeneralName[] = [
    ...spec.hosts.map((h) => ({ type: 'dns' as const, value: h })),
    ...(spec.ips ?? []).map((ip) => ({ type: 'ip' as const, value: ip })),
  ];
  const leafKeys = a.keys.leaf;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
    new x509.SubjectAlternativeNameExtension(names),
    await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey as never),
  ];
  const subject = `CN=${spec.hosts[0] ?? 'lab.invalid'}, O=sipe-doctor lab`;
  if (spec.issuer === 'self') {
    return x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(), name: subject, notBefore: spec.notBefore, notAfter: spec.notAfter,
      keys: leafKeys as never, signingAlgorithm: ALG, extensions,
    });
  }
  const issuerCert = spec.issuer === 'root' ? a.root : a.intermediate;
  const issuerKeys = spec.issuer === 'root' ? a.keys.root : a.keys.intermediate;
  extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuerKeys.publicKey as never));
  return x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject, issuer: issuerCert.subject, notBefore: spec.notBefore, notAfter: spec.notAfter,
    publicKey: leafKeys.publicKey as never, signingKey: issuerKeys.privateKey as never, signingAlgorithm: ALG, extensions,
  });
}

async function keyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN PRIVATE KEY-----\n${b64}-----END PRIVATE KEY-----\n`;
}

/** The leaf specification of each certificate kind, for the host names a lab serves. */
export function leafSpecs(hosts: string[], now: number): Record<CertKind, LeafSpec> {
  const good = { hosts, ips: ['127.0.0.1'] };
  const current = { notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY) };
  return {
    valid: { ...good, ...current, issuer: 'root' },
    // the certificate of some other web site: none of the lab names, no IP
    'wrong-host': { hosts: ['www.unrelated-site.example'], ...current, issuer: 'root' },
    expired: { ...good, notBefore: new Date(now - 730 * DAY), notAfter: new Date(now - 2 * DAY), issuer: 'root' },
    'not-yet-valid': { ...good, notBefore: new Date(now + 30 * DAY), notAfter: new Date(now + 400 * DAY), issuer: 'root' },
    'self-signed': { ...good, ...current, issuer: 'self' },
    'missing-intermediate': { ...good, ...current, issuer: 'intermediate' },
  };
}

/**
 * Makes every certificate kind for `hosts` and writes the CA and the leaves to a fresh temp dir.
 * `cleanup()` removes the directory.
 */
export async function createLabPki(hosts: string[], now = Date.now()): Promise<LabPki> {
  const a = await labAuthority();
  const specs = leafSpecs(hosts, now);
  const pem = await keyPem(a.keys.leaf.privateKey);
  const dir = await mkdtemp(join(tmpdir(), 'sipe-lab-'));
  const caPem = a.root.toString('pem') + '\n';
  const caFile = join(dir, 'lab-ca.pem');
  await writeFile(caFile, caPem);
  const certs = {} as Record<CertKind, LabCert>;
  for (const kind of CERT_KINDS) {
    const leaf = await makeLeaf(a, specs[kind]);
    const certPem = leaf.toString('pem') + '\n';
    const file = join(dir, `${kind}.pem`);
    await writeFile(file, certPem);
    certs[kind] = { certPem, keyPem: pem, chainPem: certPem, file };
  }
  return { caPem, caFile, dir, certs, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** PEM of the intermediate CA (tests use it to show the chain would verify if it were sent). */
export async function labIntermediatePem(): Promise<string> {
  return (await labAuthority()).intermediate.toString('pem') + '\n';
}
