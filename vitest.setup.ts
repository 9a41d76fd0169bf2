// Drivers and decorators rely on the Reflect metadata polyfill, as they do in production.
import 'reflect-metadata';
