import type { FastifyInstance } from 'fastify';
import type { Session } from '../auth.js';
import { Errors } from '../errors.js';
import { bodyObject, checkWritable, requireString, resource } from '../http.js';
import { collection, type JsonObject, link, odata, REDFISH_ROOT, status } from '../odata.js';

const BASE = `${REDFISH_ROOT}/SessionService`;

function renderSession(s: Session): JsonObject {
  return {
    ...odata(`${BASE}/Sessions/${s.id}`, '#Session.v1_6_0.Session'),
    Id: s.id,
    Name: 'User Session',
    Description: `Manager User Session ${s.id}`,
    UserName: s.username,
    CreatedTime: s.createdAt.toISOString(),
    SessionType: 'Redfish',
  };
}

/** Registers SessionService: log in (POST Sessions → `X-Auth-Token` + `Location`), list, log out (DELETE). */
export function registerSessions(app: FastifyInstance): void {
  resource(app, BASE, {
    get: ({ service, path }) => {
      if (service.quirks.noSessionService) throw Errors.resourceNotFound(path);
      return {
        ...odata(BASE, '#SessionService.v1_1_8.SessionService'),
        Id: 'SessionService',
        Name: 'Session Service',
        Description: 'Session Service',
        Status: status('Enabled', 'OK', false),
        ServiceEnabled: true,
        SessionTimeout: service.sessions.timeoutSeconds,
        Sessions: link(`${BASE}/Sessions`),
      };
    },
    patch: ({ service }, body) => {
      checkWritable(body, ['SessionTimeout'], { ServiceEnabled: true, Id: '', Name: '' });
      const t = body.SessionTimeout;
      if (t === undefined) return;
      if (typeof t !== 'number' || !Number.isInteger(t))
        throw Errors.propertyValueTypeError(JSON.stringify(t), 'SessionTimeout');
      if (t < 30 || t > 86400) throw Errors.propertyValueNotInList(String(t), 'SessionTimeout');
      service.sessions.timeoutSeconds = t;
    },
  });
  resource(app, `${BASE}/Sessions`, {
    get: ({ service }) =>
      collection(
        `${BASE}/Sessions`,
        '#SessionCollection.SessionCollection',
        'Session Collection',
        service.sessions.list().map((s) => `${BASE}/Sessions/${s.id}`),
      ),
    postAuth: false,
    post: ({ service, body }) => {
      // Such BMCs answer the standard login path with 401 whatever the credentials.
      if (service.quirks.noSessionService) throw Errors.invalidCredentials();
      const b = bodyObject(body);
      const username = requireString(b, 'UserName', 'Session creation');
      const password = requireString(b, 'Password', 'Session creation');
      const { session, token } = service.sessions.login(username, password);
      return {
        status: 201,
        body: renderSession(session),
        headers: { 'X-Auth-Token': token, Location: `${BASE}/Sessions/${session.id}` },
      };
    },
  });
  resource(app, `${BASE}/Sessions/:id`, {
    get: ({ service, params, path }) => {
      const s = service.sessions.get(params.id ?? '');
      if (!s) throw Errors.resourceNotFound(path);
      return renderSession(s);
    },
    delete: ({ service, params, path }) => {
      if (!service.sessions.remove(params.id ?? '')) throw Errors.resourceNotFound(path);
      return { status: 204 };
    },
  });
}
