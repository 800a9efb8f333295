// Test support: an S3 API server on 127.0.0.1 (s3rver, a devDependency; Debian has no MinIO) with
// one bucket, plus the environment MLflow's client would use to reach it. s3rver checks
// signatures against its fixed key pair (S3RVER/S3RVER), so wrong credentials really fail.
import { createRequire } from 'node:module';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { tempDir } from './mlflow-fixture.ts';

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverCtor = new (opts: Record<string, unknown>) => S3rverInstance;
// s3rver ships no type declarations; its constructor is all the tests use.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverCtor;

export class S3TestServer {
  private server: S3rverInstance | undefined;
  endpoint = '';

  constructor(readonly bucket = 'mlflow') {}

  async start(): Promise<string> {
    this.server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: tempDir('edgelab-s3-'), configureBuckets: [{ name: this.bucket }] });
    const { port } = await this.server.run();
    this.endpoint = `http://127.0.0.1:${port}`;
    return this.endpoint;
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }

  /** The variables a team member sets for an S3-compatible store. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { MLFLOW_S3_ENDPOINT_URL: this.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1', ...extra };
  }

  private client(): S3Client {
    return new S3Client({ region: 'us-east-1', endpoint: this.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  }

  async get(key: string): Promise<{ body: Buffer; contentType: string | undefined }> {
    const r = await this.client().send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return { body: Buffer.from(await r.Body!.transformToByteArray()), contentType: r.ContentType };
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client().send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch {
      return false;
    }
  }
}
