import type { FastifyInstance } from 'fastify';
import { Errors } from '../errors.js';
import { resource } from '../http.js';
import { collection, link, odata, REDFISH_ROOT, status } from '../odata.js';

const BASE = `${REDFISH_ROOT}/AccountService`;

/** Registers a read-only AccountService listing the BMC's accounts (passwords are never shown). */
export function registerAccounts(app: FastifyInstance): void {
  resource(app, BASE, {
    get: () => ({
      ...odata(BASE, '#AccountService.v1_13_0.AccountService'),
      Id: 'AccountService',
      Name: 'Account Service',
      Description: 'BMC user accounts',
      Status: status('Enabled', 'OK', false),
      ServiceEnabled: true,
      AuthFailureLoggingThreshold: 3,
      MinPasswordLength: 8,
      AccountLockoutThreshold: 0,
      AccountLockoutDuration: 0,
      AccountLockoutCounterResetAfter: 0,
      AccountLockoutCounterResetEnabled: false,
      Accounts: link(`${BASE}/Accounts`),
    }),
  });
  resource(app, `${BASE}/Accounts`, {
    get: ({ service }) =>
      collection(
        `${BASE}/Accounts`,
        '#ManagerAccountCollection.ManagerAccountCollection',
        'Accounts Collection',
        service.sessions.usernames().map((_, i) => `${BASE}/Accounts/${i + 1}`),
      ),
  });
  resource(app, `${BASE}/Accounts/:aid`, {
    get: ({ service, params, path }) => {
      const name = service.sessions.usernames()[Number(params.aid) - 1];
      if (name === undefined || !/^\d+$/.test(params.aid ?? '')) throw Errors.resourceNotFound(path);
      return {
        ...odata(path, '#ManagerAccount.v1_10_0.ManagerAccount'),
        Id: params.aid ?? '',
        Name: 'User Account',
        Description: 'User Account',
        Enabled: true,
        Password: null,
        UserName: name,
        RoleId: 'Administrator',
        Locked: false,
      };
    },
  });
}
