import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { experimental } from '@grpc/grpc-js';

type CertificateProvider = experimental.CertificateProvider;
type CaListener = experimental.CaCertificateUpdateListener;
type IdentityListener = experimental.IdentityCertificateUpdateListener;

/** PEM files of a TLS server: certificate chain, key, and the CA that client certificates must chain to (mTLS). */
export interface TlsFiles {
  certFile: string;
  keyFile: string;
  clientCaFile?: string;
}

/** One loaded set of those files. */
export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  ca?: Buffer;
}

/** Reads the files and checks that they make a usable TLS context (PEM parses, the key matches the certificate); throws naming what failed. */
export function readTlsFiles(files: TlsFiles): TlsMaterial {
  const read = (file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new Error(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const material: TlsMaterial = { cert: read(files.certFile), key: read(files.keyFile), ...(files.clientCaFile ? { ca: read(files.clientCaFile) } : {}) };
  try {
    createSecureContext({ cert: material.cert, key: material.key, ca: material.ca });
  } catch (error) {
    throw new Error(`${files.certFile} / ${files.keyFile}${files.clientCaFile ? ` / ${files.clientCaFile}` : ''} do not make a TLS context: ${error instanceof Error ? error.message : String(error)}`);
  }
  return material;
}

/**
 * TLS files that can be re-read while serving (SIGHUP), as a grpc-js certificate provider: every
 * reload that succeeds is handed to the server, whose new connections then use it (live connections
 * keep the certificate they were made with); a reload that fails throws and keeps the previous files.
 */
export class ReloadableTls implements CertificateProvider {
  private material: TlsMaterial;
  private readonly caListeners = new Set<CaListener>();
  private readonly identityListeners = new Set<IdentityListener>();

  constructor(private readonly files: TlsFiles) {
    this.material = readTlsFiles(files);
  }

  /** The files as last loaded. */
  current(): TlsMaterial {
    return this.material;
  }

  /** Re-reads the files; on success every listener gets them, on failure (thrown) nothing changes. */
  reload(): TlsMaterial {
    this.material = readTlsFiles(this.files);
    for (const listener of this.identityListeners) listener({ certificate: this.material.cert, privateKey: this.material.key });
    if (this.material.ca) for (const listener of this.caListeners) listener({ caCertificate: this.material.ca });
    return this.material;
  }

  // grpc-js registers its listeners before the server watches the credentials: answer on the next tick
  addCaCertificateListener(listener: CaListener): void {
    this.caListeners.add(listener);
    const ca = this.material.ca;
    queueMicrotask(() => listener(ca ? { caCertificate: ca } : null));
  }

  removeCaCertificateListener(listener: CaListener): void {
    this.caListeners.delete(listener);
  }

  addIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.add(listener);
    const { cert, key } = this.material;
    queueMicrotask(() => listener({ certificate: cert, privateKey: key }));
  }

  removeIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.delete(listener);
  }
}
