import nock from 'nock';
import { afterEach, beforeAll } from '@jest/globals';

// No test may reach the network: GitHub and Anthropic are mocked with nock; loopback stays open
// for local stand-in servers.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  nock.abortPendingRequests(); // delayed replies would keep timers (and Jest) alive
  nock.cleanAll();
});
