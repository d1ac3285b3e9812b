/** The cluster PKI: root CA, node certificates, join tokens, TLS material and gRPC credentials, sealed secrets. */
export type { CertAndKey, IssueOptions, NodeIdentity, NodeRole } from './certificates.js';
export {
  BACKDATE_MS,
  MANAGER_SERVER_NAME,
  NODE_CERT_VALIDITY_MS,
  ROLE_OU,
  ROOT_CA_COMMON_NAME,
  ROOT_CA_VALIDITY_MS,
  caFingerprint,
  certIdentity,
  createNodeKeyAndCsr,
  createRootCA,
  issueNodeCertificate,
  verifyIssuedBy,
} from './certificates.js';
export type { JoinToken } from './join-token.js';
export { makeJoinToken, newTokenSecret, parseJoinToken, tokenMatchesCA, tokenSecretEquals } from './join-token.js';
export { SecretBox } from './secret-box.js';
export type { NodeTLS } from './tls-files.js';
export { TLS_FILES, readNodeTLS, writeNodeTLS } from './tls-files.js';
export type { CallWithAuthContext, ClientCredentialsOptions, ClientTLS, ServerTLS, ServerTLSOptions, TLSListener } from './grpc-credentials.js';
export { CLIENT_CHANNEL_OPTIONS, checkManagerCertificate, clientCredentials, listenTLS, peerIdentity, serverCredentials } from './grpc-credentials.js';
