import { describe, expect, it } from 'vitest';
import { loadSdk } from './s3FileStorage';

describe('the AWS SDK, an optional peer dependency', () => {
  it('says how to install it when --file-storage s3 finds it missing', () => {
    const missing = () => {
      throw Object.assign(new Error("Cannot find module '@aws-sdk/client-s3'"), { code: 'MODULE_NOT_FOUND' });
    };
    expect(() => loadSdk(missing)).toThrow(expect.objectContaining({ code: 'invalid_payload', message: expect.stringMatching(/npm install @aws-sdk\/client-s3/) }));
  });

  it('passes on any other failure to load it (the S3 suite loads the real one)', () => {
    const broken = () => {
      throw new SyntaxError('broken build');
    };
    expect(() => loadSdk(broken)).toThrow(SyntaxError);
  });
});
