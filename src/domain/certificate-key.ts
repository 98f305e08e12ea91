/**
 * A certificate number as compared between reports: without spaces, in lower case ("B-12 / LAN" is
 * "b-12/lan"). PostgreSQL indexes the same expression (pg-access.ts, activitiesWithCertificate).
 */
export const certificateNumberKey = (n: string): string => n.replace(/\s/g, '').toLowerCase();
