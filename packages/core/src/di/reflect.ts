import { createRequire } from 'node:module';
// Its global declarations (Reflect.getMetadata…), which a required module does not bring.
import type {} from 'reflect-metadata';

// tsyringe reads constructor parameter types through the Reflect metadata API; it must be loaded
// once, before any decorated class is defined. Core loads this first so hosts and plugins never
// have to remember it. Required rather than imported: see ./tsyringe.ts.
createRequire(import.meta.url)('reflect-metadata');
