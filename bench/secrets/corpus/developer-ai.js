// Samples of code hosting, package registry, AI API and developer tool credentials
// (src/core/checks/secrets/rules/developer-ai.ts), generated from each provider's documented format.

const X = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
/** Crockford base32, the alphabet of ULIDs. */
const ULID = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A GitHub-format token with a valid checksum: prefix, 30 base62 characters, their base62 CRC-32. */
const githubStyle = (prefix) => (r, h) => {
  const body = r.chars(X, 30);
  return `${prefix}${body}${h.base62Crc(body)}`;
};

/** A Private Packagist token: prefix, 60 hex characters, CRC-32 of both in 8 hex characters. */
const packagist = (prefix) => (r, h) => {
  const random = r.chars(HEX, 60);
  return `${prefix}${random}${h
    .crc32(prefix + random)
    .toString(16)
    .padStart(8, '0')}`;
};

/** @type {import('../expand.js').CorpusEntry[]} */
export const DEVELOPER_CORPUS = [
  // GitHub
  {
    rule: 'github-personal-access-token',
    samples: [
      'GITHUB_TOKEN=ghp_{x:30}{ghcrc}',
      'const octokit = new Octokit({ auth: "ghp_{x:30}{ghcrc}" });',
      '  github_token: ghp_{x:36}',
      'export GH_TOKEN=ghp_{x:36}',
      (r, h) => `git clone https://${githubStyle('ghp_')(r, h)}@github.com/acme/internal.git`,
      '//npm.pkg.github.com/:_authToken=ghp_{x:30}{ghcrc}',
    ],
    placeholders: [
      'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
      'export GITHUB_TOKEN=ghp_...',
      'token: ghp_<your-token>',
      'GITHUB_TOKEN=ghp_your_personal_access_token_here',
      'GH_TOKEN=ghp_0000000000000000000000000000000000000',
    ],
  },
  {
    rule: 'github-oauth-access-token',
    samples: [
      '{"access_token": "gho_{x:30}{ghcrc}", "token_type": "bearer", "scope": "repo"}',
      'OAUTH_TOKEN=gho_{x:36}',
      "  token = 'gho_{x:30}{ghcrc}'",
    ],
    placeholders: ['access_token: gho_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  },
  {
    rule: 'github-user-to-server-token',
    samples: [
      '"access_token": "ghu_{x:30}{ghcrc}",',
      'USER_ACCESS_TOKEN=ghu_{x:36}',
      'curl -H "Authorization: Bearer ghu_{x:30}{ghcrc}" https://api.github.com/user',
    ],
  },
  {
    rule: 'github-server-to-server-token',
    samples: [
      'INSTALLATION_TOKEN=ghs_{x:30}{ghcrc}',
      '  token: ghs_{x:36}',
      'curl -H "Authorization: token ghs_{x:30}{ghcrc}" https://api.github.com/installation/repositories',
    ],
  },
  {
    rule: 'github-refresh-token',
    samples: [
      '"refresh_token": "ghr_{x:30}{ghcrc}",',
      'GITHUB_REFRESH_TOKEN=ghr_{x:76}',
      "refresh = 'ghr_{x:36}'",
    ],
  },
  {
    rule: 'github-fine-grained-personal-access-token',
    samples: [
      'GITHUB_TOKEN=github_pat_{x:22}_{x:59}',
      '  "token": "github_pat_{x:22}_{x:59}",',
      'export RENOVATE_TOKEN=github_pat_{x:22}_{x:59}',
      'const token = `github_pat_{x:22}_{x:59}`;',
    ],
    placeholders: [
      'GITHUB_TOKEN=github_pat_xxxxxxxxxxxxxxxxxxxxxx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'GITHUB_TOKEN=github_pat_...',
    ],
  },
  {
    rule: 'github-oauth-client-secret',
    samples: [
      'GITHUB_CLIENT_SECRET={h:40}',
      '  githubClientSecret: "{h:40}",',
      "GITHUB_OAUTH_CLIENT_SECRET='{h:40}'",
      'export GITHUB_APP_CLIENT_SECRET={h:40}',
    ],
    placeholders: [
      'GITHUB_CLIENT_SECRET=your-github-client-secret',
      'GITHUB_SHA=3f786850e387550fdab836ed7e6dc881de23001b',
    ],
  },

  // GitLab
  {
    rule: 'gitlab-personal-access-token',
    samples: [
      'GITLAB_TOKEN=glpat-{u64:20}',
      '  private_token: "glpat-{x:20}"',
      'curl --header "PRIVATE-TOKEN: glpat-{x:20}" https://gitlab.com/api/v4/projects',
      'export GL_TOKEN=glpat-{u64:27-40}.01.{a:9}',
      'const token = "glpat-{u64:40}.{a:9}";',
      '//gitlab.com/api/v4/packages/npm/:_authToken=glpat-{x:20}',
    ],
    placeholders: [
      'GITLAB_TOKEN=glpat-XXXXXXXXXXXXXXXXXXXX',
      'GITLAB_TOKEN=glpat-<your-token>',
      'token: glpat-...',
    ],
  },
  {
    rule: 'gitlab-deploy-token',
    samples: [
      'DEPLOY_TOKEN=gldt-{u64:20}',
      '  password: gldt-{x:20}',
      'docker login registry.gitlab.com -u gitlab+deploy-token-12 -p gldt-{x:20}',
    ],
  },
  {
    rule: 'gitlab-runner-token',
    samples: [
      'gitlab-runner register --url https://gitlab.com --token glrt-{u64:20}',
      '  token = "glrt-t1_{u64:20}"',
      'RUNNER_TOKEN=glrt-t3_{u64:27}.0w{a:7}',
    ],
  },
  {
    rule: 'gitlab-runner-registration-token',
    samples: [
      'REGISTRATION_TOKEN=GR1348941{u64:20}',
      '  runnerRegistrationToken: "GR1348941{x:20}"',
      'gitlab-runner register --registration-token GR1348941{x:20}',
    ],
  },
  {
    rule: 'gitlab-ci-job-token',
    samples: [
      'CI_JOB_TOKEN=glcbt-64_{u64:20}',
      'curl --header "JOB-TOKEN: glcbt-{h:2}_{x:20}" https://gitlab.com/api/v4/jobs',
      '  "job_token": "glcbt-{x:20}",',
    ],
  },
  {
    rule: 'gitlab-pipeline-trigger-token',
    samples: [
      'curl -X POST -F token=glptt-{h:40} -F ref=main https://gitlab.com/api/v4/projects/42/trigger/pipeline',
      'TRIGGER_TOKEN=glptt-{x:20}',
      '  trigger_token: "glptt-{h:40}"',
    ],
  },
  {
    rule: 'gitlab-feed-token',
    samples: [
      'FEED_URL=https://gitlab.com/dashboard/projects.atom?feed_token=glft-{u64:20}',
      'GITLAB_FEED_TOKEN=glft-{x:20}',
      '  feed_token: glft-{x:20}',
    ],
  },
  {
    rule: 'gitlab-incoming-email-token',
    samples: [
      'export INCOMING_EMAIL_TOKEN="glimt-{a:25}"',
      'GITLAB_INCOMING_EMAIL_TOKEN=glimt-{x:25}',
      '  "incoming_email_token": "glimt-{x:20}",',
    ],
  },
  {
    rule: 'gitlab-agent-token',
    samples: [
      'helm upgrade --install agent gitlab/gitlab-agent --set config.token=glagent-{u64:50}',
      '  token: glagent-{x:50}',
      'AGENT_TOKEN=glagent-{x:50}',
    ],
  },
  {
    rule: 'gitlab-oauth-application-secret',
    samples: [
      'GITLAB_APP_SECRET=gloas-{h:64}',
      '  client_secret: "gloas-{h:64}"',
      "config.omniauth :gitlab, ENV['GITLAB_APP_ID'], 'gloas-{h:64}'",
    ],
  },
  {
    rule: 'gitlab-scim-token',
    samples: [
      'SCIM_TOKEN=glsoat-{u64:20}',
      '  "scim_token": "glsoat-{x:20}",',
      'export GITLAB_SCIM_TOKEN=glsoat-{x:20}',
    ],
  },
  {
    rule: 'gitlab-feature-flags-client-token',
    samples: [
      'UNLEASH_INSTANCE_ID=glffct-{u64:20}',
      "  instanceId: 'glffct-{x:20}',",
      'unleash.Initialize(unleash.WithInstanceId("glffct-{x:20}"))',
    ],
  },
  {
    rule: 'gitlab-session-cookie',
    samples: [
      'curl -b "_gitlab_session={h:32}" https://gitlab.example.org/admin',
      'Cookie: _gitlab_session={h:32}; known_sign_in=1',
      'document.cookie = "_gitlab_session={h:32}; path=/";',
    ],
  },

  // Bitbucket, Gitea, Sourcegraph, Gitpod
  {
    rule: 'bitbucket-app-password',
    samples: [
      'BITBUCKET_APP_PASSWORD=ATBB{x:24}{H:8}',
      'export BB_AUTH_STRING="deploy-bot:ATBB{x:32}"',
      '  password: "ATBB{x:24}{H:8}"',
    ],
    placeholders: ['BITBUCKET_APP_PASSWORD=ATBBxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  },
  {
    rule: 'gitea-access-token',
    samples: [
      'GITEA_TOKEN={h:40}',
      '  forgejo_access_token: "{h:40}"',
      'export CODEBERG_TOKEN={h:40}',
      'const giteaApiToken = "{h:40}";',
    ],
    placeholders: ['GITEA_TOKEN=<your-gitea-token>', 'GITEA_SHA=3f786850e387550fdab836ed7e6dc881de23001b'],
  },
  {
    rule: 'sourcegraph-access-token',
    samples: [
      'SRC_ACCESS_TOKEN=sgp_{h:16}_{h:40}',
      '  "sourcegraph.accessToken": "sgp_{h:40}",',
      'export SRC_ACCESS_TOKEN=sgp_local_{h:40}',
    ],
  },
  {
    rule: 'gitpod-personal-access-token',
    samples: [
      'GITPOD_TOKEN=gitpod_pat_{u64:43}.{x:40}',
      '  token: "gitpod_pat_{u64:43}.{x:40}"',
      'curl -H "Authorization: Bearer gitpod_pat_{u64:43}.{x:40}" https://api.gitpod.io/',
    ],
  },

  // Package registries
  {
    rule: 'npm-access-token',
    samples: [
      '//registry.npmjs.org/:_authToken=npm_{x:30}{ghcrc}',
      'NPM_TOKEN=npm_{x:36}',
      '  npmAuthToken: "npm_{x:30}{ghcrc}"',
      'export NODE_AUTH_TOKEN=npm_{x:36}',
    ],
    placeholders: [
      '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
      'NPM_TOKEN=npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'NPM_TOKEN=npm_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
    ],
  },
  {
    rule: 'npm-legacy-access-token',
    samples: [
      '//registry.npmjs.org/:_authToken={uuid}',
      '//npm.internal.example.org/:_authToken="{uuid}"',
      '  //registry.npmjs.org/:_authToken = {uuid}',
    ],
    placeholders: [
      '//registry.npmjs.org/:_authToken=00000000-0000-0000-0000-000000000000',
      '//registry.npmjs.org/:_authToken=${NODE_AUTH_TOKEN}',
    ],
  },
  {
    rule: 'npm-basic-auth',
    samples: [
      (r) => `_auth=${Buffer.from(`deploy:${r.chars(X, 20)}`).toString('base64')}`,
      (r) =>
        `//npm.internal.example.org/:_auth="${Buffer.from(`ci-bot:${r.chars(X, 24)}`).toString('base64')}"`,
      (r) => `  _auth = ${Buffer.from(`svc_npm:${r.chars(X, 16)}!`).toString('base64')}`,
    ],
    placeholders: [
      '_auth=${NPM_AUTH}',
      '_auth=dXNlcm5hbWU6cGFzc3dvcmQ=',
      '_auth = <base64 of user:password>',
    ],
  },
  {
    rule: 'pypi-api-token',
    samples: [
      'password = pypi-AgEIcHlwaS5vcmc{u64:160-200}',
      'TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmc{u64:170}',
      '  password: pypi-AgENdGVzdC5weXBpLm9yZw{u64:160}',
      'uv publish --token pypi-AgEIcHlwaS5vcmc{u64:180}',
    ],
    placeholders: [
      'password = pypi-AgEIcHlwaS5vcmc...',
      'TWINE_PASSWORD=pypi-<your-token>',
      'password = ${PYPI_TOKEN}',
    ],
  },
  {
    rule: 'rubygems-api-key',
    samples: [
      '---\n:rubygems_api_key: rubygems_{h:48}',
      'GEM_HOST_API_KEY=rubygems_{h:48}',
      '  "api_key": "rubygems_{h:48}",',
    ],
  },
  {
    rule: 'nuget-api-key',
    samples: [
      'dotnet nuget push bin/Release/*.nupkg --api-key oy2{a:43} --source https://api.nuget.org/v3/index.json',
      'NUGET_API_KEY=oy2{a:43}',
      '  <add key="ClearTextPassword" value="oy2{a:43}" />',
    ],
  },
  {
    rule: 'clojars-deploy-token',
    samples: [
      'CLOJARS_PASSWORD=CLOJARS_{h:60}',
      '{:deploy-repositories [["clojars" {:username "acme" :password "CLOJARS_{a:60}"}]]}',
      '  <password>CLOJARS_{h:60}</password>',
    ],
  },
  {
    rule: 'crates-io-api-token',
    samples: [
      'CARGO_REGISTRY_TOKEN=cio{x:32}',
      '[registry]\ntoken = "cio{x:32}"',
      '  cargo-token: cio{x:32}',
    ],
    placeholders: ['CARGO_REGISTRY_TOKEN=cioxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  },
  {
    rule: 'packagist-token',
    samples: [
      (r, h) =>
        `composer config --global --auth http-basic.repo.packagist.com token ${packagist('packagist_uut_')(r, h)}`,
      (r, h) =>
        `  "repo.packagist.com": { "username": "token", "password": "${packagist('packagist_ort_')(r, h)}" }`,
      (r, h) => `COMPOSER_AUTH_TOKEN=${packagist('packagist_out_')(r, h)}`,
      'PACKAGIST_TOKEN=packagist_ort_{h:68}',
    ],
  },
  {
    rule: 'hex-api-key',
    samples: ['HEX_API_KEY={h:32}', '  hex_organization_key: "{h:32}"', 'export HEXPM_KEY={h:32}'],
  },
  {
    rule: 'cloudsmith-api-key',
    samples: [
      'CLOUDSMITH_API_KEY={h:40}',
      '  cloudsmith_token: "{h:40}"',
      'export CLOUDSMITH_API_KEY={h:40}',
    ],
  },
  {
    rule: 'sidekiq-secret',
    samples: [
      'BUNDLE_ENTERPRISE__CONTRIBSYS__COM={h:8}:{h:8}',
      'export BUNDLE_GEMS__CONTRIBSYS__COM="{h:8}:{h:8}"',
      'bundle config --local enterprise.contribsys.com {h:8}:{h:8}',
      '  BUNDLE_GEMS__CONTRIBSYS__COM: {h:8}:{h:8}',
    ],
    placeholders: ['BUNDLE_ENTERPRISE__CONTRIBSYS__COM=${SIDEKIQ_CREDENTIALS}'],
  },
  {
    rule: 'sidekiq-sensitive-url',
    samples: [
      'source "https://{h:8}:{h:8}@enterprise.contribsys.com/" do',
      "source 'https://{h:8}:{h:8}@gems.contribsys.com/'",
      '  remote: https://{h:8}:{h:8}@gems.contribsys.com/',
    ],
  },

  // Anthropic, OpenAI
  {
    rule: 'anthropic-api-key',
    samples: [
      'ANTHROPIC_API_KEY=sk-ant-api03-{u64:93}AA',
      'const anthropic = new Anthropic({ apiKey: "sk-ant-api03-{u64:93}AA" });',
      '  "x-api-key": "sk-ant-api03-{u64:93}AA",',
      'export ANTHROPIC_API_KEY=sk-ant-api03-{u64:93}AA',
    ],
    placeholders: [
      'ANTHROPIC_API_KEY=sk-ant-...',
      'ANTHROPIC_API_KEY=sk-ant-api03-...',
      'ANTHROPIC_API_KEY=sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxAA',
      'ANTHROPIC_API_KEY=sk-ant-api03-your-key-here',
    ],
  },
  {
    rule: 'anthropic-admin-key',
    samples: [
      'ANTHROPIC_ADMIN_KEY=sk-ant-admin01-{u64:93}AA',
      'curl https://api.anthropic.com/v1/organizations/users -H "x-api-key: sk-ant-admin01-{u64:93}AA"',
      '  admin_key: sk-ant-admin01-{u64:93}AA',
    ],
  },
  {
    rule: 'anthropic-oauth-token',
    samples: [
      'CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-{u64:93}AA',
      '  "accessToken": "sk-ant-oat01-{u64:93}AA",',
      'export CLAUDE_CODE_OAUTH_TOKEN="sk-ant-oat01-{u64:93}AA"',
    ],
  },
  {
    rule: 'anthropic-oauth-refresh-token',
    samples: [
      '  "refreshToken": "sk-ant-ort01-{u64:93}AA",',
      'REFRESH_TOKEN=sk-ant-ort01-{u64:93}AA',
      "refresh_token = 'sk-ant-ort01-{u64:93}AA'",
    ],
  },
  {
    rule: 'openai-project-api-key',
    samples: [
      'OPENAI_API_KEY=sk-proj-{u64:74}T3BlbkFJ{u64:74}',
      'client = OpenAI(api_key="sk-proj-{u64:58}T3BlbkFJ{u64:58}")',
      '  openai_api_key: sk-proj-{x:48}',
      'export OPENAI_API_KEY="sk-proj-{u64:74}T3BlbkFJ{u64:74}"',
    ],
    placeholders: [
      'OPENAI_API_KEY=sk-...',
      'OPENAI_API_KEY=sk-proj-...',
      'OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'OPENAI_API_KEY=sk-proj-your-api-key-here',
    ],
  },
  {
    rule: 'openai-service-account-key',
    samples: [
      'OPENAI_API_KEY=sk-svcacct-{u64:74}T3BlbkFJ{u64:74}',
      '  "openaiKey": "sk-svcacct-{u64:58}T3BlbkFJ{u64:58}",',
      "openai.api_key = 'sk-svcacct-{u64:74}T3BlbkFJ{u64:74}'",
    ],
  },
  {
    rule: 'openai-admin-key',
    samples: [
      'OPENAI_ADMIN_KEY=sk-admin-{u64:58}T3BlbkFJ{u64:58}',
      'curl https://api.openai.com/v1/organization/users -H "Authorization: Bearer sk-admin-{u64:74}T3BlbkFJ{u64:74}"',
      '  admin_key: "sk-admin-{u64:58}T3BlbkFJ{u64:58}"',
    ],
  },
  {
    rule: 'openai-api-key',
    samples: [
      'OPENAI_API_KEY=sk-{x:20}T3BlbkFJ{x:20}',
      'openai.api_key = "sk-{x:20}T3BlbkFJ{x:20}"',
      '  apiKey: sk-None-{u64:58}T3BlbkFJ{u64:58}',
      'const key = `sk-{x:20}T3BlbkFJ{x:20}`;',
    ],
    placeholders: ['OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxx'],
  },

  // Other AI and ML APIs
  {
    rule: 'cohere-api-key',
    samples: [
      'COHERE_API_KEY={x:40}',
      'cohere_client = cohere.ClientV2("{x:40}")',
      '  "cohereApiKey": "{x:40}",',
      'CO_API_KEY={x:40}',
    ],
  },
  {
    rule: 'huggingface-access-token',
    samples: [
      'HF_TOKEN=hf_{L:10}{U:10}{x:14}',
      'huggingface-cli login --token hf_{x:34}',
      '  "hf_token": "hf_{x:34}",',
      'login(token="hf_{x:34}")',
    ],
    placeholders: [
      'HF_TOKEN=hf_your_token',
      'HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'HF_TOKEN=hf_...',
    ],
  },
  {
    rule: 'huggingface-organization-api-token',
    samples: [
      'HUGGINGFACE_ORG_TOKEN=api_org_{x:34}',
      '  "api_token": "api_org_{x:34}",',
      "hf_api = HfApi(token='api_org_{x:34}')",
    ],
  },
  {
    rule: 'replicate-api-token',
    samples: [
      'REPLICATE_API_TOKEN=r8_{x:37}',
      'replicate = Client(api_token="r8_{x:37}")',
      'curl -H "Authorization: Bearer r8_{x:37}" https://api.replicate.com/v1/predictions',
    ],
    placeholders: ['REPLICATE_API_TOKEN=r8_<your-token>'],
  },
  {
    rule: 'groq-api-key',
    samples: ['GROQ_API_KEY=gsk_{x:52}', 'client = Groq(api_key="gsk_{x:52}")', '  groq_api_key: gsk_{x:52}'],
  },
  {
    rule: 'perplexity-api-key',
    samples: [
      'PERPLEXITY_API_KEY=pplx-{x:48}',
      'const client = new OpenAI({ apiKey: "pplx-{x:48}", baseURL: "https://api.perplexity.ai" });',
      '  "perplexityApiKey": "pplx-{h:48}",',
    ],
  },
  {
    rule: 'mistral-api-key',
    samples: ['MISTRAL_API_KEY={x:32}', 'const mistralApiKey = "{x:32}";', '  mistralApiKey: "{x:32}"'],
  },
  {
    rule: 'xai-api-key',
    samples: [
      'XAI_API_KEY=xai-{x:80}',
      'client = OpenAI(api_key="xai-{x:80}", base_url="https://api.x.ai/v1")',
      '  grok_key: xai-{x:80}',
    ],
  },
  {
    rule: 'deepseek-api-key',
    samples: [
      'DEEPSEEK_API_KEY=sk-{h:32}',
      '  "deepseekApiKey": "sk-{h:32}",',
      'export DEEPSEEK_API_KEY="sk-{h:32}"',
    ],
  },
  {
    rule: 'together-ai-api-key',
    samples: [
      'TOGETHER_API_KEY=tgp_v1_{u64:43}',
      'client = Together(api_key="tgp_v1_{u64:43}")',
      '  "apiKey": "tgp_v1_{u64:43}",',
    ],
  },
  {
    rule: 'together-ai-legacy-api-key',
    samples: ['TOGETHER_API_KEY={h:64}', '  together_api_key: "{h:64}"', 'export TOGETHERAI_API_KEY={h:64}'],
  },
  {
    rule: 'fireworks-api-key',
    samples: [
      'FIREWORKS_API_KEY=fw_{x:24}',
      'client = Fireworks(api_key="fw_{x:24}")',
      '  "fireworksKey": "fw_{x:24}",',
    ],
  },
  {
    rule: 'pinecone-api-key',
    samples: [
      'PINECONE_API_KEY=pcsk_{x:5}_{x:66}',
      'pc = Pinecone(api_key="pcsk_{x:6}_{x:66}")',
      '  apiKey: "pckey_{a:8}_{x:48}"',
    ],
  },
  {
    rule: 'pinecone-legacy-api-key',
    samples: ['PINECONE_API_KEY={uuid}', '  "pineconeApiKey": "{uuid}",', 'pinecone_api_key = "{uuid}"'],
  },
  {
    rule: 'wandb-api-key',
    samples: [
      'WANDB_API_KEY={h:40}',
      'os.environ["WANDB_API_KEY"] = "{h:40}"',
      '  wandb_api_key: local-{h:40}',
    ],
  },
  {
    rule: 'wandb-netrc-api-key',
    samples: [
      'machine api.wandb.ai\n  login user\n  password {h:40}',
      'machine api.wandb.ai login user password {h:40}',
      'machine api.wandb.ai login acme-ml password local-{h:40}',
    ],
  },
  {
    rule: 'langsmith-personal-access-token',
    samples: [
      'LANGSMITH_API_KEY=lsv2_pt_{h:32}_{h:10}',
      'export LANGCHAIN_API_KEY="lsv2_pt_{h:32}_{h:10}"',
      '  langsmith_api_key: lsv2_pt_{h:32}_{h:10}',
    ],
  },
  {
    rule: 'langsmith-service-key',
    samples: [
      'LANGSMITH_API_KEY=lsv2_sk_{h:32}_{h:10}',
      'client = Client(api_key="lsv2_sk_{h:32}_{h:10}")',
      '  "langsmithKey": "lsv2_sk_{h:32}_{h:10}",',
    ],
  },
  {
    rule: 'langfuse-secret-key',
    samples: [
      'LANGFUSE_SECRET_KEY=sk-lf-{uuid}',
      'langfuse = Langfuse(public_key="pk-lf-{uuid}", secret_key="sk-lf-{uuid}")',
      '  secretKey: "sk-lf-{uuid}"',
    ],
  },
  {
    rule: 'elevenlabs-api-key',
    samples: [
      'ELEVENLABS_API_KEY=sk_{h:48}',
      'curl -H "xi-api-key: {h:32}" https://api.elevenlabs.io/v1/voices',
      '  "elevenLabsApiKey": "sk_{h:48}",',
      'os.environ["ELEVENLABS_API_KEY"] = "sk_{h:48}"',
    ],
  },
  {
    rule: 'assemblyai-api-key',
    samples: ['ASSEMBLYAI_API_KEY={h:32}', "const assemblyAiKey = '{h:32}';", '  "assemblyAiKey": "{h:32}",'],
  },
  {
    rule: 'deepgram-api-key',
    samples: ['DEEPGRAM_API_KEY={h:40}', 'const deepgramKey = "{h:40}";', '  deepgram_api_key: "{h:40}"'],
  },
  {
    rule: 'openrouter-api-key',
    samples: [
      'OPENROUTER_API_KEY=sk-or-v1-{h:64}',
      'client = OpenAI(base_url="https://openrouter.ai/api/v1", api_key="sk-or-v1-{h:64}")',
      '  "openrouterKey": "sk-or-v1-{h:64}",',
    ],
  },
  {
    rule: 'voyage-api-key',
    samples: [
      'VOYAGE_API_KEY=pa-{x:43}',
      'vo = voyageai.Client(api_key="pa-{u64:43}")',
      '  voyage_key: pa-{x:43}',
    ],
  },
  {
    rule: 'cerebras-api-key',
    samples: [
      'CEREBRAS_API_KEY=csk-{a:48}',
      'client = Cerebras(api_key="csk-{a:48}")',
      '  "cerebrasKey": "csk-{a:48}",',
    ],
  },
  {
    rule: 'tavily-api-key',
    samples: [
      'TAVILY_API_KEY=tvly-{x:32}',
      'client = TavilyClient(api_key="tvly-dev-{x:32}")',
      '  tavily_api_key: tvly-{x:32}',
    ],
  },
  {
    rule: 'firecrawl-api-key',
    samples: [
      'FIRECRAWL_API_KEY=fc-{h:32}',
      'app = FirecrawlApp(api_key="fc-{h:32}")',
      '  "firecrawlKey": "fc-{h:32}",',
    ],
  },
  {
    rule: 'jina-api-key',
    samples: [
      'JINA_API_KEY=jina_{h:32}{u64:28}',
      'curl -H "Authorization: Bearer jina_{h:32}{u64:28}" https://r.jina.ai/https://example.org',
      '  jina_api_key: jina_{h:32}{x:28}',
    ],
  },
  {
    rule: 'nvidia-api-key',
    samples: [
      'NVIDIA_API_KEY=nvapi-{u64:64}',
      'client = OpenAI(base_url="https://integrate.api.nvidia.com/v1", api_key="nvapi-{u64:64}")',
      '  ngc_api_key: nvapi-{u64:64}',
    ],
  },
  {
    rule: 'stability-api-key',
    samples: [
      'STABILITY_API_KEY=sk-{x:48}',
      '  "stabilityKey": "sk-{x:48}",',
      'export STABILITY_KEY=sk-{x:48}',
    ],
  },
  {
    rule: 'modal-token-secret',
    samples: [
      'MODAL_TOKEN_SECRET=as-{x:22}',
      '  modal_token_secret: "as-{x:22}"',
      'export MODAL_TOKEN_SECRET=as-{x:22}',
    ],
  },
  {
    rule: 'serpapi-api-key',
    samples: [
      'SERPAPI_API_KEY={h:64}',
      '  "serpApiKey": "{h:64}",',
      'params = {"engine": "google", "serp_api_key": "{h:64}"}',
    ],
  },

  // Developer tools
  {
    rule: 'postman-api-key',
    samples: [
      'POSTMAN_API_KEY=PMAK-{h:24}-{h:34}',
      'curl -H "X-Api-Key: PMAK-{h:24}-{h:34}" https://api.getpostman.com/collections',
      '  "postmanApiKey": "PMAK-{h:24}-{h:34}",',
    ],
  },
  {
    rule: 'postman-collection-access-token',
    samples: [
      (r) => `curl "https://api.getpostman.com/collections/1234-abcd?access_key=PMAT-01${r.chars(ULID, 24)}"`,
      (r) => `POSTMAN_COLLECTION_KEY=PMAT-01${r.chars(ULID, 24)}`,
      (r) => `  access_key: PMAT-01${r.chars(ULID, 24)}`,
    ],
  },
  {
    rule: 'expo-access-token',
    samples: ['EXPO_TOKEN={u64:40}', '  expo_access_token: "{x:40}"', 'export EXPO_TOKEN={x:40}'],
  },
  {
    rule: 'deno-deploy-token',
    samples: [
      'DENO_DEPLOY_TOKEN=ddp_{x:36}',
      'deployctl deploy --project=app --token=ddp_{x:36} main.ts',
      '  deployToken: "ddp_{x:36}"',
    ],
  },
  {
    rule: 'codacy-token',
    samples: [
      'CODACY_PROJECT_TOKEN={h:32}',
      '  codacy_api_token: "{x:20}"',
      'export CODACY_API_TOKEN={x:20}',
    ],
  },
  {
    rule: 'coveralls-repo-token',
    samples: [
      'COVERALLS_REPO_TOKEN={x:32}',
      '  coveralls_token: "{x:35}"',
      'export COVERALLS_REPO_TOKEN={x:37}',
    ],
  },
  {
    rule: 'deepsource-dsn',
    samples: [
      'DEEPSOURCE_DSN=https://{h:32}@app.deepsource.com',
      '  DEEPSOURCE_DSN: "https://{h:32}@deepsource.io"',
      'export DEEPSOURCE_DSN=https://{h:32}@app.deepsource.com',
    ],
  },
  {
    rule: 'appveyor-api-token',
    samples: ['APPVEYOR_API_TOKEN=v2.{a:20}', '  appveyor_token: "{x:20}"', 'export APPVEYOR_API_KEY={a:20}'],
  },
  {
    rule: 'bitrise-access-token',
    samples: [
      'BITRISE_ACCESS_TOKEN={u64:86}',
      '  bitrise_api_token: "{u64:86}"',
      'export BITRISE_TOKEN={x:86}',
    ],
  },
  {
    rule: 'semaphore-api-token',
    samples: ['SEMAPHORE_API_TOKEN={x:20}', '  semaphore_token: "{x:20}"', 'export SEM_API_TOKEN={x:20}'],
  },
  {
    rule: 'cypress-record-key',
    samples: [
      'CYPRESS_RECORD_KEY={uuid}',
      '  cypress_record_key: "{uuid}"',
      'export CYPRESS_RECORD_KEY={uuid}',
    ],
  },
  {
    rule: 'nx-cloud-access-token',
    samples: [
      'NX_CLOUD_ACCESS_TOKEN={b64:80}',
      '  "nxCloudAccessToken": "{b64:64}|read-write",',
      'export NX_CLOUD_AUTH_TOKEN={b64:72}',
    ],
  },
  {
    rule: 'discourse-api-key',
    samples: ['DISCOURSE_API_KEY={h:64}', '  discourse_api_key: "{h:64}"', 'export DISCOURSE_API_KEY={h:64}'],
  },
  {
    rule: 'stackhawk-api-key',
    samples: [
      'HAWK_API_KEY=hawk.{x:20}.{x:20}',
      '  apiKey: hawk.{u64:20}.{x:20}',
      'docker run -e API_KEY=hawk.{x:20}.{x:20} stackhawk/hawkscan',
    ],
  },
  {
    rule: 'scalingo-api-token',
    samples: [
      'SCALINGO_API_TOKEN=tk-us-{u64:48}',
      'scalingo login --api-token tk-us-{x:48}',
      '  scalingo_token: "tk-us-{x:48}"',
    ],
  },
  {
    rule: 'shortcut-api-token',
    samples: ['SHORTCUT_API_TOKEN={uuid}', '  shortcut_token: "{uuid}"', 'export CLUBHOUSE_API_TOKEN={uuid}'],
  },
  {
    rule: 'storyblok-access-token',
    samples: [
      'STORYBLOK_TOKEN={x:22}tt',
      '  storyblokApiToken: "{x:24}"',
      'export STORYBLOK_PREVIEW_TOKEN={x:22}tt',
    ],
  },
  {
    rule: 'datocms-api-token',
    samples: ['DATOCMS_API_TOKEN={h:30}', '  datocmsReadOnlyToken: "{x:30}"', 'export DATO_API_TOKEN={h:30}'],
  },
  {
    rule: 'mux-token-secret',
    samples: ['MUX_TOKEN_SECRET={b64:75}', '  mux_secret: "{b64:75}"', 'export MUX_TOKEN_SECRET={b64:76}'],
  },
  {
    rule: 'bitly-access-token',
    samples: ['BITLY_ACCESS_TOKEN={h:40}', '  bitly_token: "{h:40}"', 'const bitlyToken = "{h:40}";'],
  },

  // Backend platforms
  {
    rule: 'appwrite-api-key',
    samples: [
      'APPWRITE_API_KEY=standard_{h:256}',
      '  .setKey("standard_{h:256}")',
      '  "appwriteKey": "standard_{h:256}",',
    ],
  },
  {
    rule: 'appwrite-legacy-api-key',
    samples: ['APPWRITE_API_KEY={h:256}', '  appwrite_key: "{h:256}"', 'export APPWRITE_KEY={h:256}'],
  },
  {
    rule: 'convex-deploy-key',
    samples: [
      'CONVEX_DEPLOY_KEY=prod:{L:5}-{L:6}-{d:3}|{b64:80}',
      "CONVEX_DEPLOY_KEY='preview:acme-team:web-app|{b64:80}' npx convex deploy",
      '  CONVEX_DEPLOY_KEY: "dev:{L:6}-{L:5}-{d:3}|{u64:88}"',
    ],
  },
  {
    rule: 'upstash-redis-rest-token',
    samples: [
      'UPSTASH_REDIS_REST_TOKEN=A{x:3}ASQg{u64:60}',
      '  upstashRedisToken: "A{x:3}ASQg{u64:56}=",',
      'export UPSTASH_REDIS_REST_TOKEN="A{x:3}ASQg{u64:64}"',
    ],
  },
  {
    rule: 'upstash-qstash-token',
    samples: [
      'QSTASH_TOKEN=eyJVc2VySUQiOiI{b64:120}=',
      '  qstashToken: "eyJVc2VySUQiOiI{b64:100}"',
      'export QSTASH_TOKEN="eyJVc2VySUQiOiI{b64:110}="',
    ],
  },
  {
    rule: 'upstash-qstash-signing-key',
    samples: [
      'QSTASH_CURRENT_SIGNING_KEY=sig_{x:28}',
      'QSTASH_NEXT_SIGNING_KEY=sig_{x:28}',
      '  qstashSigningKey: "sig_{x:28}"',
    ],
  },
];
