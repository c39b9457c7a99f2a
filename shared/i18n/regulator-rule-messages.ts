// Explanations of the FrPractitionerRegul diagnostics (INT_R02 bodies the SAS sends to editors), French first,
// English second. Each message names the element and its rule, then says what to fix.

const fr = {
  'REGUL-NOT-OBJECT':
    "Le corps n'est pas une ressource FHIR : un objet JSON Practitioner est attendu (reçu : {{found}}). Rien d'autre n'a pu être vérifié.",
  'REGUL-RESOURCE-TYPE': 'Règle resourceType : « Practitioner » attendu (trouvé : {{found}}). Le flux INT_R02 ne transmet que des Practitioner.',
  'REGUL-ELEMENT-TYPE': '{{element}} : {{expected}} attendu (trouvé : {{found}}). Corrigez la structure JSON de cet élément.',
  'REGUL-META-SOURCE-MISSING':
    "Règle meta.source : absent. Le SAS envoie toujours {{expected}} (la plateforme SAS comme source) ; ajoutez-le, les éditeurs s'y fient.",
  'REGUL-META-SOURCE': 'Règle meta.source (pattern) : {{expected}} attendu (trouvé : {{found}}). Seule la plateforme SAS émet ces comptes.',
  'REGUL-PROFILE-MISSING': 'Règle meta.profile : le profil {{expected}} doit être déclaré (trouvé : {{found}}).',
  'REGUL-IDENTIFIER-MISSING':
    "Règle identifier 1..* : au moins un identifiant est obligatoire (identifiant national IDNPS ou identifiant technique SAS INTRN), sinon l'éditeur ne peut pas retrouver le compte.",
  'REGUL-IDENTIFIER-SYSTEM-MISSING': 'Règle identifier.system : obligatoire ({{national}} pour IDNPS, {{technical}} pour INTRN).',
  'REGUL-IDENTIFIER-SYSTEM-UNKNOWN':
    "identifier.system « {{found}} » n'est ni {{national}} (IDNPS) ni {{technical}} (INTRN) : l'éditeur ne saura pas gérer le compte avec cet identifiant.",
  'REGUL-IDENTIFIER-NO-SLICE':
    "Aucun identifiant national (IDNPS) ni technique SAS (INTRN) : l'éditeur gère les comptes par l'un ou l'autre. Ajoutez l'un des deux.",
  'REGUL-IDENTIFIER-VALUE-MISSING': "Règle identifier.value 1..1 : valeur obligatoire et non vide pour l'identifiant {{what}}.",
  'REGUL-IDENTIFIER-TYPE-MISSING': 'Règle identifier.type : type obligatoire, codé {{expected}} dans le système {{codeSystem}}.',
  'REGUL-IDENTIFIER-TYPE-SYSTEM':
    'Règle identifier.type : aucun codage dans le système {{codeSystem}} (trouvé : {{found}}). Utilisez ce système avec le code {{expected}}.',
  'REGUL-WRONG-CODE-FOR-IDNPS-SYSTEM':
    'Règle identifier:IdentifiantNatPS : le system {{system}} impose le type IDNPS (trouvé : {{found}}). Corrigez le code ou le system.',
  'REGUL-WRONG-CODE-FOR-INTRN-SYSTEM':
    'Règle identifier:IdentifiantInterne : le system {{system}} impose le type INTRN (trouvé : {{found}}). Corrigez le code ou le system.',
  'REGUL-IDNPS-VALUE':
    "Identifiant national « {{value}} » mal formé : chiffres, lettres et « / » attendus (8+RPPS, 0+ADELI ou numéro de carte CPx, 6 à 40 caractères).",
  'REGUL-INTRN-VALUE': "Identifiant technique SAS « {{value}} » mal formé : un UUID est attendu (ex. b6e39355-8a61-4556-b340-36f7b95fec6a).",
  'REGUL-IDENTIFIER-SLICE-DUPLICATE':
    "Règle identifier:{{slice}} 0..1 : un seul identifiant {{code}} est admis (déjà présent en identifier[{{first}}]). Retirez le doublon.",
  'REGUL-ACTIVE-MISSING':
    'Règle active 1..1 : Practitioner.active est obligatoire (true = compte activé et habilité, false = compte désactivé ou déshabilité).',
  'REGUL-NAME-MISSING': "Règle name : le nom est obligatoire à l'envoi (les éditeurs refusent un compte sans nom). Renseignez nom et prénom.",
  'REGUL-NAME-FAMILY': 'Règle name.family 1..1 : le nom de famille est obligatoire et ne doit pas être vide.',
  'REGUL-NAME-GIVEN': 'Règle name.given 1..1 : le prénom est obligatoire et ne doit pas être vide.',
  'REGUL-NAME-GIVEN-COUNT': 'Règle name.given 1..1 : un seul prénom est admis ({{count}} trouvés). Regroupez-les dans une seule valeur.',
  'REGUL-TELECOM-MISSING':
    "Règle telecom : l'adresse e-mail est obligatoire à l'envoi (c'est l'identifiant de connexion du régulateur). Ajoutez un telecom system « email ».",
  'REGUL-TELECOM-SYSTEM': 'Règle telecom.system (pattern email) : seul « email » est admis (trouvé : {{found}}). Retirez ce moyen de contact.',
  'REGUL-EMAIL-MISSING': "Aucun telecom de system « email » : l'adresse e-mail, identifiant de connexion du régulateur, doit être transmise.",
  'REGUL-EMAIL-EMPTY': "Règle telecom.value 1..1 : l'adresse e-mail est obligatoire et ne doit pas être vide.",
  'REGUL-EMAIL-FORMAT': "Adresse e-mail « {{value}} » invalide : format nom@domaine.fr attendu.",
} as const;

export type RegulatorRuleId = keyof typeof fr;

const en: Record<RegulatorRuleId, string> = {
  'REGUL-NOT-OBJECT': 'The body is not a FHIR resource: a Practitioner JSON object is expected (received: {{found}}). Nothing else could be checked.',
  'REGUL-RESOURCE-TYPE': 'resourceType rule: "Practitioner" expected (found: {{found}}). INT_R02 only carries Practitioner resources.',
  'REGUL-ELEMENT-TYPE': '{{element}}: {{expected}} expected (found: {{found}}). Fix the JSON structure of this element.',
  'REGUL-META-SOURCE-MISSING': 'meta.source rule: missing. The SAS always sends {{expected}} (the SAS platform as source); add it, editors rely on it.',
  'REGUL-META-SOURCE': 'meta.source rule (pattern): {{expected}} expected (found: {{found}}). Only the SAS platform issues these accounts.',
  'REGUL-PROFILE-MISSING': 'meta.profile rule: profile {{expected}} must be declared (found: {{found}}).',
  'REGUL-IDENTIFIER-MISSING':
    'identifier 1..* rule: at least one identifier is required (national id IDNPS or SAS technical id INTRN), otherwise the editor cannot find the account.',
  'REGUL-IDENTIFIER-SYSTEM-MISSING': 'identifier.system rule: required ({{national}} for IDNPS, {{technical}} for INTRN).',
  'REGUL-IDENTIFIER-SYSTEM-UNKNOWN':
    'identifier.system "{{found}}" is neither {{national}} (IDNPS) nor {{technical}} (INTRN): the editor cannot manage the account by this identifier.',
  'REGUL-IDENTIFIER-NO-SLICE': 'No national id (IDNPS) nor SAS technical id (INTRN): editors manage accounts by one or the other. Add one of them.',
  'REGUL-IDENTIFIER-VALUE-MISSING': 'identifier.value 1..1 rule: a non-empty value is required for the {{what}} identifier.',
  'REGUL-IDENTIFIER-TYPE-MISSING': 'identifier.type rule: a type is required, coded {{expected}} in code system {{codeSystem}}.',
  'REGUL-IDENTIFIER-TYPE-SYSTEM': 'identifier.type rule: no coding in code system {{codeSystem}} (found: {{found}}). Use that system with code {{expected}}.',
  'REGUL-WRONG-CODE-FOR-IDNPS-SYSTEM': 'identifier:IdentifiantNatPS rule: system {{system}} requires type IDNPS (found: {{found}}). Fix the code or the system.',
  'REGUL-WRONG-CODE-FOR-INTRN-SYSTEM': 'identifier:IdentifiantInterne rule: system {{system}} requires type INTRN (found: {{found}}). Fix the code or the system.',
  'REGUL-IDNPS-VALUE': 'Malformed national id "{{value}}": digits, letters and "/" expected (8+RPPS, 0+ADELI or CPx card number, 6 to 40 characters).',
  'REGUL-INTRN-VALUE': 'Malformed SAS technical id "{{value}}": a UUID is expected (e.g. b6e39355-8a61-4556-b340-36f7b95fec6a).',
  'REGUL-IDENTIFIER-SLICE-DUPLICATE': 'identifier:{{slice}} 0..1 rule: only one {{code}} identifier is allowed (already at identifier[{{first}}]). Remove the duplicate.',
  'REGUL-ACTIVE-MISSING': 'active 1..1 rule: Practitioner.active is required (true = account enabled and habilitated, false = disabled or de-habilitated).',
  'REGUL-NAME-MISSING': 'name rule: the name is required for sending (editors reject an account without one). Fill in family and given name.',
  'REGUL-NAME-FAMILY': 'name.family 1..1 rule: the family name is required and must not be empty.',
  'REGUL-NAME-GIVEN': 'name.given 1..1 rule: the given name is required and must not be empty.',
  'REGUL-NAME-GIVEN-COUNT': 'name.given 1..1 rule: only one given name is allowed ({{count}} found). Put them in a single value.',
  'REGUL-TELECOM-MISSING': 'telecom rule: the e-mail address is required for sending (it is the regulator\'s login). Add a telecom with system "email".',
  'REGUL-TELECOM-SYSTEM': 'telecom.system rule (pattern email): only "email" is allowed (found: {{found}}). Remove this contact point.',
  'REGUL-EMAIL-MISSING': 'No telecom with system "email": the e-mail address, the regulator\'s login, must be sent.',
  'REGUL-EMAIL-EMPTY': 'telecom.value 1..1 rule: the e-mail address is required and must not be empty.',
  'REGUL-EMAIL-FORMAT': 'Invalid e-mail address "{{value}}": name@domain.fr format expected.',
};

export const regulatorMessages: { fr: Record<RegulatorRuleId, string>; en: Record<RegulatorRuleId, string> } = { fr, en };
