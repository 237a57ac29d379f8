import type { Express } from 'express';

interface Layer {
  route?: { path: string | RegExp | (string | RegExp)[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * Every route registered on an Express 5 app as `METHOD /path` with OpenAPI-style parameters
 * (`/v1/calls/:id` → `/v1/calls/{id}`), routers mounted at the root included; routes matched by a
 * regular expression (the web app's fallback) are left out.
 */
export function registeredRoutes(app: Express): string[] {
  const out = new Set<string>();
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths.filter((p): p is string => typeof p === 'string'))
          for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all'))
            out.add(`${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return [...out].sort();
}
