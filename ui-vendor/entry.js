// What the upload page takes from Uppy: the core, its S3-multipart uploader (pointed at /v1/uploads by
// ui/upload.js) and Golden Retriever, which keeps files and upload ids across a reload.
export { default as Uppy } from '@uppy/core';
export { default as AwsS3 } from '@uppy/aws-s3';
export { default as GoldenRetriever } from '@uppy/golden-retriever';
