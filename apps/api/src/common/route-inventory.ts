import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { AUTH_POSTURE, type AuthPosture } from '@app/auth';

export interface RouteInfo {
  method: string;
  /** OpenAPI-style path, e.g. `/v1/products/{id}`. */
  path: string;
  posture: AuthPosture | undefined;
  controller: Type;
  handlerName: string;
  handler: (...args: unknown[]) => unknown;
}

/** Every HTTP route of the app with its auth posture (OpenAPI security and the snapshot test). */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const discovery = app.get(DiscoveryService);
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes: RouteInfo[] = [];

  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as Type | undefined;
    if (!controller || !wrapper.instance) continue;
    const prototype = Object.getPrototypeOf(wrapper.instance) as Record<
      string,
      (...args: unknown[]) => unknown
    >;
    const base = normalize(Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined);
    for (const handlerName of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[handlerName];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const sub = normalize(Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined);
      const path = `/${[base, sub].filter(Boolean).join('/')}`.replace(/:(\w+)/g, '{$1}');
      routes.push({
        method: RequestMethod[method],
        path,
        posture: reflector.getAllAndOverride<AuthPosture>(AUTH_POSTURE, [handler, controller]),
        controller,
        handlerName,
        handler,
      });
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

function normalize(path: string | string[] | undefined): string {
  const value = Array.isArray(path) ? path[0] : path;
  return (value ?? '').replace(/^\/+|\/+$/g, '');
}

export function describePosture(posture: AuthPosture | undefined): string {
  switch (posture?.kind) {
    case 'public':
      return 'public';
    case 'authenticated':
      return 'authenticated';
    case 'scope':
      return `scope ${posture.scope}`;
    case 'full-access':
      return 'scope *';
    default:
      return 'UNDECLARED (denied)';
  }
}
