// tsyringe reads constructor parameter types through the Reflect metadata API; it must be loaded
// once, before any decorated class is defined. Core imports this first so hosts and plugins never
// have to remember it.
import 'reflect-metadata';
