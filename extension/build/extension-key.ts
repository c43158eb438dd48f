/**
 * The extension's public key (manifest `key`, base64 DER SubjectPublicKeyInfo). It fixes the extension
 * id, and with it the redirect URI `https://<id>.chromiumapp.org/`, on every machine. Only the
 * public key is committed; the private key was thrown away (Chrome never needs it for an unpacked
 * extension). See README.md "Extension id and key" to replace or drop it for store publishing.
 */
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAylD+tvweZqA5TKvcJHhdSsZOyqmMTCyQT6EBuT/iD6yHQ5hTCCRmLWkEnE5op16vfqnOGYw/SFfZRGs8dSy0VOuz2i1d/pLdyd3CjyO2tF4000YI0P4670pBFcbkOYDPOA3qyX5feMpYOYp3WmlyJ+zzhosrPHUEf/vZvBqWtW1QuAotpPVH42nYvYM6BJCCz5KRLHIqzb+QCB7DE38wDgIIjAjDVyCMJVkkTTa7PkS/8AQucfP3epJme9TTClYKE3jIiXB0IOrd+iCxeosEw7v+g4WkRIsskoqj5OpjIicMv4klyBr75skJGRDqV8EU6wYGq9/BVo9FgTxrIatLBwIDAQAB';

/** The id Chrome derives from {@link EXTENSION_PUBLIC_KEY} (checked by the e2e tests). */
export const EXTENSION_ID = 'bbiailgelhkblbpnmeocmibmplapdben';
