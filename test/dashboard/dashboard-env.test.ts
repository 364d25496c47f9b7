import { describe, expect, test } from '@jest/globals';
import { githubWebUrl, readDashboardToken } from '../../src/dashboard/dashboard-env.js';

describe('readDashboardToken', () => {
  test('no token, or a blank one, turns the dashboard off', () => {
    expect(readDashboardToken({})).toBeUndefined();
    expect(readDashboardToken({ PULLWISE_DASHBOARD_TOKEN: '  ' })).toBeUndefined();
  });

  test('a token is read trimmed', () => {
    expect(readDashboardToken({ PULLWISE_DASHBOARD_TOKEN: ' 0123456789abcdef0123 \n' })).toBe(
      '0123456789abcdef0123',
    );
  });

  test('a token short enough to guess stops the server with a way to make a good one', () => {
    expect(() => readDashboardToken({ PULLWISE_DASHBOARD_TOKEN: 'secret' })).toThrow(
      /PULLWISE_DASHBOARD_TOKEN must be at least 16 characters; generate one with `openssl rand -hex 32`/,
    );
  });
});

describe('githubWebUrl', () => {
  test.each([
    [undefined, 'https://github.com'],
    ['https://api.github.com', 'https://github.com'],
    ['https://api.github.com/', 'https://github.com'],
    ['https://ghe.example.com/api/v3', 'https://ghe.example.com'],
    ['http://127.0.0.1:4567/api/v3/', 'http://127.0.0.1:4567'],
    ['https://example.com/github/api/v3', 'https://example.com/github'],
  ])('the API at %s is served for the web at %s', (apiBaseUrl, webUrl) => {
    expect(githubWebUrl(apiBaseUrl)).toBe(webUrl);
  });
});
