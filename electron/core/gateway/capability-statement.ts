import {
  CAPABILITY_RDV_PSINDIV,
  CAPABILITY_RDV_SOS,
  PROFILE_APPOINTMENT_SAS,
  PROFILE_APPOINTMENT_SOS,
} from '../../../shared/fhir/ig';
import type { JsonObject } from '../../../shared/fhir/json';
import { ACCEPTED_MEDIA_TYPES } from './http-body';

/** What this gateway really implements, stated as an instance CapabilityStatement. */
export function capabilityStatement(baseUrl: string, version: string, mtls: boolean, igLoaded: boolean): JsonObject {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    instantiates: [CAPABILITY_RDV_PSINDIV, CAPABILITY_RDV_SOS],
    software: { name: 'Console opérateur SAS — passerelle rendez-vous', version },
    implementation: { description: 'Réception des rendez-vous SAS (INT_R03)', url: baseUrl },
    fhirVersion: '4.0.1',
    format: [...ACCEPTED_MEDIA_TYPES],
    rest: [
      {
        mode: 'server',
        documentation: igLoaded
          ? 'Règles SAS intégrées et validation complète des StructureDefinitions du paquet IG configuré.'
          : 'Règles SAS intégrées (aucun paquet IG configuré).',
        security: {
          cors: false,
          description: mtls ? 'TLS mutuel : certificat client exigé et vérifié.' : 'HTTP sans TLS (usage local).',
        },
        resource: [
          {
            type: 'Appointment',
            profile: PROFILE_APPOINTMENT_SAS,
            supportedProfile: [PROFILE_APPOINTMENT_SAS, PROFILE_APPOINTMENT_SOS],
            interaction: ['read', 'vread', 'update', 'history-instance', 'create', 'search-type'].map((code) => ({ code })),
            versioning: 'versioned',
            readHistory: true,
            updateCreate: true,
            conditionalCreate: false,
            conditionalUpdate: true,
            conditionalDelete: 'not-supported',
            searchParam: [
              {
                name: 'identifier',
                definition: 'http://hl7.org/fhir/SearchParameter/Appointment-identifier',
                type: 'token',
              },
              { name: '_id', definition: 'http://hl7.org/fhir/SearchParameter/Resource-id', type: 'token' },
            ],
          },
        ],
      },
    ],
  };
}
