import { z } from 'zod';

export const gatewaySettingsSchema = z.strictObject({
  enabled: z.boolean(),
  host: z.string().min(1).max(255),
  port: z.number().int().min(0).max(65535),
  tlsCertFile: z.string().max(4096).nullable(),
  tlsKeyFile: z.string().max(4096).nullable(),
  clientCaFile: z.string().max(4096).nullable(),
});
export type GatewaySettings = z.infer<typeof gatewaySettingsSchema>;

export const settingsSchema = z.strictObject({
  gateway: gatewaySettingsSchema,
  igPackageDir: z.string().max(4096).nullable(),
  language: z.enum(['fr', 'en']),
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsPatchSchema = z.strictObject({
  gateway: gatewaySettingsSchema.partial().optional(),
  igPackageDir: z.string().max(4096).nullable().optional(),
  language: z.enum(['fr', 'en']).optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const defaultSettings: Settings = {
  gateway: { enabled: false, host: '127.0.0.1', port: 8443, tlsCertFile: null, tlsKeyFile: null, clientCaFile: null },
  igPackageDir: null,
  language: 'fr',
};
