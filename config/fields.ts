import { z } from 'zod';

/** A secret string: masked by `rodeo config print`, never logged. */
export const secret = (description: string) =>
  z.string().min(1).optional().meta({ secret: true, description });

export const port = (fallback: number, description: string) =>
  z.number().int().min(0).max(65535).default(fallback).describe(description);

export const positiveMs = (fallback: number, description: string) =>
  z.number().int().positive().default(fallback).describe(description);

export const httpUrl = z
  .string()
  .regex(/^https?:\/\/[^\s]+$/, 'expected an http(s) URL such as http://127.0.0.1:8080');
