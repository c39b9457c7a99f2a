/** What the inspector shows of a response: a tree of the resolved graph and the slots for the grid. */

export type TreeNodeKind = 'practitioner' | 'association' | 'place' | 'schedule' | 'slot' | 'cpts-service' | 'organisation' | 'unresolved';

export interface TreeNode {
  key: string;
  kind: TreeNodeKind;
  /** Data from the response (names, identifiers, addresses): shown as received, never translated. */
  label: string;
  detail?: string;
  children: TreeNode[];
}

export interface SlotView {
  key: string;
  startRaw: string | null;
  endRaw: string | null;
  startUtc: number | null;
  endUtc: number | null;
  status: string | null;
  /** Slot types (meta.security): PUBLIC, PRO, SNP, CPTS. */
  types: string[];
  /** AMB, HH, VR. */
  consultation: string[];
  appointmentType: string | null;
  bookingUrl: string | null;
  motifs: string[];
  scheduleKey: string | null;
  ownerKey: string | null;
  ownerLabel: string;
  placeKey: string | null;
  placeLabel: string;
  cpts: { serviceKey: string; organisationLabel: string }[];
}
