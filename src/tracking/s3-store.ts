// Uploads to an `s3://` artifact root, configured as MLflow's client configures boto3: credentials
// from the standard AWS sources (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN,
// else AWS_PROFILE and ~/.aws files), region from AWS_REGION / AWS_DEFAULT_REGION, and
// MLFLOW_S3_ENDPOINT_URL for S3-compatible stores (MinIO, Ceph, R2…), addressed path-style there
// unless MLFLOW_BOTO_CLIENT_ADDRESSING_STYLE=virtual. The SDK is imported only when needed: it is
// large and most runs never touch S3.
import { UserError } from '../util/errors.ts';
import type { S3Client } from '@aws-sdk/client-s3';

type S3Module = typeof import('@aws-sdk/client-s3');

const clients = new Map<string, { s3: S3Module; client: S3Client }>();

/** The S3 settings that MLflow's client would use, from `env`. */
export function s3Settings(env: NodeJS.ProcessEnv) {
  const endpoint = env.MLFLOW_S3_ENDPOINT_URL || undefined;
  const style = env.MLFLOW_BOTO_CLIENT_ADDRESSING_STYLE;
  return {
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    endpoint,
    forcePathStyle: style === 'path' || (endpoint !== undefined && style !== 'virtual'),
    credentials:
      env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
        ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) }
        : undefined,
  };
}

async function clientFor(env: NodeJS.ProcessEnv): Promise<{ s3: S3Module; client: S3Client }> {
  const cfg = s3Settings(env);
  const key = JSON.stringify(cfg);
  const cached = clients.get(key);
  if (cached) return cached;
  // The SDK warns on every Node 20 process that future releases need Node 22; the locked version
  // supports Node 20, so the warning is noise for edgelab's users (they can still opt back in).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const s3 = await import('@aws-sdk/client-s3');
  const client = new s3.S3Client({
    region: cfg.region,
    endpoint: cfg.endpoint,
    forcePathStyle: cfg.forcePathStyle,
    ...(cfg.credentials ? { credentials: cfg.credentials } : {}),
    // S3-compatible stores often reject the SDK's default flexible checksums; send them only when
    // an operation requires them, as boto3 did before 1.36.
    ...(cfg.endpoint ? { requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const } : {}),
    maxAttempts: 3,
  });
  const entry = { s3, client };
  clients.set(key, entry);
  return entry;
}

/** One line naming what failed and which settings fix it. */
function explain(e: unknown, bucket: string, uri: string, what: string, env: NodeJS.ProcessEnv): UserError {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; code?: string };
  const status = err.$metadata?.httpStatusCode;
  const where = env.MLFLOW_S3_ENDPOINT_URL ? `the S3 endpoint ${env.MLFLOW_S3_ENDPOINT_URL} (MLFLOW_S3_ENDPOINT_URL)` : 'AWS S3 (set MLFLOW_S3_ENDPOINT_URL for an S3-compatible store)';
  const creds = 'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) to the keys the MLflow server uses for this bucket';
  let why: string;
  if (err.name === 'CredentialsProviderError' || /credential/i.test(err.message ?? '')) why = `no AWS credentials found: ${creds}`;
  else if (status === 403 || err.name === 'InvalidAccessKeyId' || err.name === 'SignatureDoesNotMatch' || err.name === 'AccessDenied') why = `access denied (${err.name ?? status}): ${creds}`;
  else if (status === 404 || err.name === 'NotFound' || err.name === 'NoSuchBucket') why = `bucket '${bucket}' does not exist at ${where}`;
  else if (status === undefined) why = `cannot reach ${where}: ${err.message ?? err.name ?? String(e)}${err.code ? ` (${err.code})` : ''}`;
  else why = `${err.name ?? 'error'} (HTTP ${status}) from ${where}`;
  return new UserError(`${what} keeps its artifacts at ${uri}, and edgelab cannot write there: ${why}`);
}

/** Refuse early when the bucket cannot be reached with these credentials (HeadBucket). */
export async function checkS3Location(bucket: string, uri: string, what: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    const { s3, client } = await clientFor(env);
    await client.send(new s3.HeadBucketCommand({ Bucket: bucket }));
  } catch (e) {
    throw explain(e, bucket, uri, what, env);
  }
}

export async function putS3Object(bucket: string, key: string, bytes: Uint8Array, contentType: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    const { s3, client } = await clientFor(env);
    await client.send(new s3.PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: contentType }));
  } catch (e) {
    throw explain(e, bucket, `s3://${bucket}/${key}`, 'the run', env);
  }
}
