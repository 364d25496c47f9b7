// Samples of the formats that belong to no one provider (src/core/checks/secrets/rules/generic.ts).
/** @type {import('../expand.js').CorpusEntry[]} */
export const GENERIC_CORPUS = [
  {
    rule: 'private-key',
    samples: [
      '{pem:RSA PRIVATE KEY}',
      '{pem:PRIVATE KEY}',
      '{pem:EC PRIVATE KEY}',
      '{pem:OPENSSH PRIVATE KEY}',
      '{pem:ENCRYPTED PRIVATE KEY}',
      '{pem:DSA PRIVATE KEY}',
      '{pem:PGP PRIVATE KEY BLOCK}',
      (r, h) => `  "private_key": "${h.pem(r, 'PRIVATE KEY').replace(/\n/g, '\\n')}\\n",`,
    ],
    placeholders: [
      '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----',
      '-----BEGIN PRIVATE KEY-----\n<your private key here>\n-----END PRIVATE KEY-----',
      'const header = "-----BEGIN PRIVATE KEY-----";',
    ],
  },
  {
    rule: 'putty-private-key',
    samples: [
      (r) =>
        `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n` +
        `AAAAC3NzaC1lZDI1NTE5AAAAI${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 43)}\n` +
        `Private-Lines: 1\nAAAAI${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 43)}\n` +
        `Private-MAC: ${r.chars('0123456789abcdef', 64)}`,
      (r) =>
        `PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: rsa-key-2024\nPublic-Lines: 1\nAAAAB3NzaC1yc2E\n` +
        `Private-Lines: 2\n${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 64)}\n` +
        `${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 40)}\n` +
        `Private-MAC: ${r.chars('0123456789abcdef', 40)}`,
      (r) =>
        `PuTTY-User-Key-File-3: ecdsa-sha2-nistp256\nEncryption: none\nComment: ci\nPublic-Lines: 1\nAAAAE2VjZHNh\n` +
        `Private-Lines: 1\n${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 48)}\n` +
        `Private-MAC: ${r.chars('0123456789abcdef', 64)}`,
    ],
    placeholders: ['PuTTY-User-Key-File-3: ssh-ed25519 (see docs/keys.md)'],
  },
  {
    rule: 'pkcs12-base64',
    samples: [
      'CERT_P12=MIIJqQIBAzCC{b64:400}==',
      '  keystore: "MIIKYQIBAzCC{b64:300}"',
      'const pfx = Buffer.from("MIIGoQIBAzCC{b64:200}=", "base64");',
    ],
  },
  {
    rule: 'jwt',
    samples: ['AUTH_HEADER="Bearer {jwt}"', 'const session = "{jwt}";', '  id_token: {jwt}'],
    placeholders: [
      'token: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      'const jwt = "eyJhbGciOi...";',
      'Authorization: Bearer eyJ<header>.eyJ<payload>.<signature>',
    ],
  },
  {
    rule: 'url-password',
    samples: [
      'DATABASE_URL=postgres://app:{x:20}@db.internal:5432/app',
      'mongo_uri = "mongodb+srv://svc:{x:18}@cluster0.ab1cd.mongodb.net/prod"',
      'REDIS_URL=redis://:{x:24}@cache.internal:6379/0',
      "  url: 'amqps://worker:{x:16}@mq.internal:5671/'",
      'const url = "mysql://reporting:{x:14}@10.0.0.12:3306/sales";',
      'git remote add origin https://deploy:{x:20}@git.internal.example.org/team/app.git',
    ],
    placeholders: [
      'DATABASE_URL=postgres://postgres:postgres@localhost:5432/app',
      'DATABASE_URL=postgres://user:password@localhost/db',
      'REDIS_URL=redis://:${REDIS_PASSWORD}@redis:6379',
      'amqp://guest:guest@localhost:5672/',
      'https://user:pass@example.com/',
      'mongodb://<username>:<password>@host:27017',
      'url = "mysql://root:****@db:3306/app"',
    ],
  },
  {
    rule: 'connection-string-password',
    samples: [
      '"Default": "Server=tcp:sql.internal,1433;Database=shop;User ID=app;Password={x:18};Encrypt=True;"',
      'ConnectionString=Data Source=db01;Initial Catalog=crm;User Id=svc_crm;Pwd={x:16};',
      'conn = "Host=pg.internal;Username=etl;Password={x:20};Database=warehouse"',
    ],
    placeholders: [
      'Server=localhost;Database=test;User Id=sa;Password=<YourStrong@Passw0rd>;',
      'Server=db;Database=app;User ID=app;Password=${DB_PASSWORD};',
      'Data Source=.;Initial Catalog=dev;User Id=sa;Password=password;',
    ],
  },
  {
    rule: 'generic-secret-assignment',
    samples: [
      'const apiKey = "{x:32}";',
      'client_secret = "{x:40}"',
      '  "password": "{x:16}",',
      "self.secret_key = '{h:48}'",
      'authToken: `{x:28}`,',
    ],
    placeholders: [
      'const apiKey = "your-api-key-here";',
      'password = "password"',
      'const token = process.env.GITHUB_TOKEN;',
      'secret_key = "REPLACE_WITH_SECRET"',
      '  "password": "${DB_PASSWORD}",',
      'api_key = "{{ api_key }}"',
      "token = '<token>'",
      'const secretKey = "my-secret-key-value";',
      'password = "********"',
      'const tokenizer = "wordpiece-v2-base";',
      'API_TOKEN_HEADER = "X-Api-Token"',
      'const passwordField = "password_confirmation";',
    ],
  },
  {
    rule: 'generic-secret-env',
    samples: ['API_KEY={x:32}', 'SESSION_SECRET={h:64}', '  db_password: {x:20}', 'export AUTH_TOKEN={x:40}'],
    placeholders: [
      'API_KEY=',
      'API_KEY=changeme',
      'SESSION_SECRET=${SESSION_SECRET}',
      'db_password: !vault |',
      'password = process.env.DB_PASSWORD',
      'AUTH_TOKEN=xxxxxxxxxxxxxxxxxxxx',
      'SECRET_KEY=your_secret_key_here',
      'export AUTH_TOKEN=$(cat /run/secrets/token)',
    ],
  },
];
