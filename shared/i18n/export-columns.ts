export const exportColumns = {
  fr: ['Début (Europe/Paris)', 'Début (reçu)', 'Fin (reçu)', 'Créé (Europe/Paris)', 'Statut', 'Catégorie', 'Praticien',
    'Organisation', 'Régulateur', 'Éditeur', 'Système identifiant', 'Identifiant éditeur', 'Versions',
    'Dernière réception (Europe/Paris)', 'Id console'],
  en: ['Start (Europe/Paris)', 'Start (as received)', 'End (as received)', 'Created (Europe/Paris)', 'Status', 'Category',
    'Practitioner', 'Organisation', 'Regulator', 'Editor', 'Identifier system', 'Editor identifier', 'Versions',
    'Last received (Europe/Paris)', 'Console id'],
} as const;
