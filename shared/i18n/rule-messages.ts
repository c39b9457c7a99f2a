// Operator-facing explanations of the built-in appointment rules. The core renders them in French in
// OperationOutcome.diagnostics; the renderer loads the same table into i18next (fr and en).

const fr = {
  'APT-PROFILE-APPLIED': 'Profil appliqué : {{profile}}.',
  'APT-PROFILE-UNKNOWN':
    "Aucun profil SAS connu dans meta.profile ({{given}}) : le rendez-vous a été contrôlé avec FrAppointmentSAS.",
  'APT-IDENTIFIER-CARDINALITY':
    "Règle identifier 1..1 : le rendez-vous doit porter exactement un identifiant technique de l'éditeur ({{count}} trouvé(s)).",
  'APT-IDENTIFIER-SYSTEM':
    "Règle identifier.system 1..1 : l'identifiant du rendez-vous doit avoir un system (OID de l'éditeur en urn:oid:…, ou URL de l'éditeur).",
  'APT-IDENTIFIER-VALUE':
    "Règle identifier.value 1..1 : l'identifiant du rendez-vous doit avoir une valeur (identifiant technique unique chez l'éditeur, par ex. un UUID).",
  'APT-IDENTIFIER-OID': "Le system « {{system}} » ressemble à un OID : il doit être préfixé par urn:oid:.",
  'APT-STATUS-REQUIRED': 'Règle status 1..1 : le statut du rendez-vous est obligatoire.',
  'APT-STATUS-CODE':
    "Le statut « {{status}} » n'appartient pas au jeu de valeurs FHIR AppointmentStatus (liaison obligatoire).",
  'APT-STATUS-SAS':
    "Le statut « {{status}} » est valide en FHIR mais n'est pas utilisé par le SAS (booked, fulfilled, noshow, cancelled, pending).",
  'APT-START-REQUIRED': 'Règle start 1..1 : la date de début du rendez-vous est obligatoire.',
  'APT-END-REQUIRED': 'Règle end 1..1 : la date de fin du rendez-vous est obligatoire.',
  'APT-INSTANT-FORMAT':
    "« {{value}} » n'est pas un instant FHIR valide : date, heure et fuseau sont obligatoires (ex. 2022-09-04T14:00:00+01:00).",
  'APT-START-AFTER-END': 'La date de début ({{start}}) est postérieure à la date de fin ({{end}}).',
  'APT-CREATED-FORMAT': "« {{value}} » n'est pas une date FHIR valide pour created.",
  'APT-CREATED-MISSING':
    "created est absent : il est « must support » depuis l'IG 1.2.0 (date de prise du rendez-vous).",
  'APT-OPERATOR-CARDINALITY':
    "Règle extension:appointmentOperator 1..1 : le régulateur qui a pris le rendez-vous doit figurer une fois exactement ({{count}} trouvé(s)).",
  'APT-OPERATOR-VALUE':
    "L'extension appointmentOperator doit porter valueReference.identifier (identifiant du régulateur).",
  'APT-OPERATOR-TYPE':
    "Le type de l'identifiant du régulateur doit être IDNPS ou INTRN du système http://interopsante.org/fhir/CodeSystem/fr-v2-0203.",
  'APT-OPERATOR-SYSTEM':
    "Un identifiant de régulateur de type {{type}} doit avoir le system {{expected}} (trouvé : « {{system}} »).",
  'APT-OPERATOR-VALUE-MISSING': "L'identifiant du régulateur n'a pas de valeur.",
  'APT-OPERATOR-INTRN-UUID':
    "L'identifiant technique SAS du régulateur devrait être un UUID (trouvé : « {{value}} »).",
  'APT-PARTICIPANT-REQUIRED': 'Règle participant 1..* : le rendez-vous doit avoir au moins un participant.',
  'APT-PARTICIPANT-TYPE-OR-ACTOR':
    'Invariant FHIR app-1 : chaque participant doit avoir un type ou un actor.',
  'APT-PARTICIPANT-IDNPS-MISSING':
    "FrAppointmentSAS : le participant (PS effecteur) doit être identifié par son IDNPS (actor.identifier).",
  'APT-PARTICIPANT-IDNPS-SYSTEM':
    "L'identifiant du PS effecteur doit avoir le system urn:oid:1.2.250.1.71.4.2.1 (trouvé : « {{system}} »).",
  'APT-PARTICIPANT-IDNPS-TYPE':
    "Le type de l'identifiant du PS effecteur doit être IDNPS (http://interopsante.org/fhir/CodeSystem/fr-v2-0203).",
  'APT-PARTICIPANT-IDNPS-VALUE':
    "« {{value}} » n'est pas un identifiant national de PS préfixé : attendu 8 + RPPS (12 chiffres) ou 0 + ADELI (10 chiffres).",
  'APT-PARTICIPANT-STATUS':
    "Le statut du participant « {{status}} » n'est pas dans sas-valueset-participant-status (accepted, needs-action).",
  'APT-ORIENTATION-CODE':
    "La catégorie d'orientation {{system}}#{{code}} n'appartient pas à categorie-orientation-sas-valueset.",
  'APT-ORIENTATION-SOS':
    "sas-sos-appointment limite extension à 1..1 (appointmentOperator) : la catégorie d'orientation n'y a pas de place (incohérence connue de l'IG).",
  'APT-CREATE-EXISTING':
    "Création (POST) reçue pour un identifiant déjà connu : enregistrée comme nouvelle version. L'éditeur devrait utiliser PUT [base]/Appointment?identifier=….",
  'APT-EXTENSION-SOS-EXTRA':
    "sas-sos-appointment limite extension à 1..1 : l'extension {{url}} n'est pas autorisée.",
} as const;

export type RuleId = keyof typeof fr;

const en: Record<RuleId, string> = {
  'APT-PROFILE-APPLIED': 'Profile applied: {{profile}}.',
  'APT-PROFILE-UNKNOWN': 'No known SAS profile in meta.profile ({{given}}): the appointment was checked against FrAppointmentSAS.',
  'APT-IDENTIFIER-CARDINALITY': 'Rule identifier 1..1: the appointment must carry exactly one editor technical identifier ({{count}} found).',
  'APT-IDENTIFIER-SYSTEM': 'Rule identifier.system 1..1: the appointment identifier needs a system (editor OID as urn:oid:…, or editor URL).',
  'APT-IDENTIFIER-VALUE': 'Rule identifier.value 1..1: the appointment identifier needs a value (unique technical id at the editor, e.g. a UUID).',
  'APT-IDENTIFIER-OID': 'The system "{{system}}" looks like an OID: it must be prefixed with urn:oid:.',
  'APT-STATUS-REQUIRED': 'Rule status 1..1: the appointment status is mandatory.',
  'APT-STATUS-CODE': 'Status "{{status}}" is not in the FHIR AppointmentStatus value set (required binding).',
  'APT-STATUS-SAS': 'Status "{{status}}" is valid FHIR but not used by the SAS (booked, fulfilled, noshow, cancelled, pending).',
  'APT-START-REQUIRED': 'Rule start 1..1: the appointment start is mandatory.',
  'APT-END-REQUIRED': 'Rule end 1..1: the appointment end is mandatory.',
  'APT-INSTANT-FORMAT': '"{{value}}" is not a valid FHIR instant: date, time and zone are required (e.g. 2022-09-04T14:00:00+01:00).',
  'APT-START-AFTER-END': 'Start ({{start}}) is after end ({{end}}).',
  'APT-CREATED-FORMAT': '"{{value}}" is not a valid FHIR dateTime for created.',
  'APT-CREATED-MISSING': 'created is missing: it is must-support since IG 1.2.0 (booking time).',
  'APT-OPERATOR-CARDINALITY': 'Rule extension:appointmentOperator 1..1: the booking regulator must appear exactly once ({{count}} found).',
  'APT-OPERATOR-VALUE': 'The appointmentOperator extension must carry valueReference.identifier (the regulator identifier).',
  'APT-OPERATOR-TYPE': 'The regulator identifier type must be IDNPS or INTRN from http://interopsante.org/fhir/CodeSystem/fr-v2-0203.',
  'APT-OPERATOR-SYSTEM': 'A {{type}} regulator identifier must have system {{expected}} (found "{{system}}").',
  'APT-OPERATOR-VALUE-MISSING': 'The regulator identifier has no value.',
  'APT-OPERATOR-INTRN-UUID': 'The SAS technical regulator id should be a UUID (found "{{value}}").',
  'APT-PARTICIPANT-REQUIRED': 'Rule participant 1..*: the appointment needs at least one participant.',
  'APT-PARTICIPANT-TYPE-OR-ACTOR': 'FHIR invariant app-1: every participant needs a type or an actor.',
  'APT-PARTICIPANT-IDNPS-MISSING': 'FrAppointmentSAS: the treating practitioner must be identified by IDNPS (actor.identifier).',
  'APT-PARTICIPANT-IDNPS-SYSTEM': 'The practitioner identifier must have system urn:oid:1.2.250.1.71.4.2.1 (found "{{system}}").',
  'APT-PARTICIPANT-IDNPS-TYPE': 'The practitioner identifier type must be IDNPS (http://interopsante.org/fhir/CodeSystem/fr-v2-0203).',
  'APT-PARTICIPANT-IDNPS-VALUE': '"{{value}}" is not a prefixed national practitioner id: expected 8 + RPPS (12 digits) or 0 + ADELI (10 digits).',
  'APT-PARTICIPANT-STATUS': 'Participant status "{{status}}" is not in sas-valueset-participant-status (accepted, needs-action).',
  'APT-ORIENTATION-CODE': 'Orientation category {{system}}#{{code}} is not in categorie-orientation-sas-valueset.',
  'APT-ORIENTATION-SOS': 'sas-sos-appointment limits extension to 1..1 (appointmentOperator): there is no room for the orientation category (known IG inconsistency).',
  'APT-CREATE-EXISTING': 'Create (POST) received for a known identifier: stored as a new version. The editor should use PUT [base]/Appointment?identifier=….',
  'APT-EXTENSION-SOS-EXTRA': 'sas-sos-appointment limits extension to 1..1: extension {{url}} is not allowed.',
};

export const messages: { fr: Record<RuleId, string>; en: Record<RuleId, string> } = { fr, en };
