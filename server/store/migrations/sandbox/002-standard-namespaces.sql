-- AEP's standard identity namespaces (ids as AEP numbers them). Custom ones are created through the API.
INSERT INTO namespaces (id, code, name, description, id_type, custom, created_ms, updated_ms)
SELECT column1, column2, column3, column4, column5, 0, CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)
FROM (VALUES
  (0, 'CORE', 'CORE', 'Adobe Audience Manager UUID', 'COOKIE'),
  (4, 'ECID', 'ECID', 'Adobe Experience Cloud ID', 'COOKIE'),
  (6, 'Email', 'Email', 'Email address', 'EMAIL'),
  (7, 'Phone', 'Phone', 'Phone number', 'PHONE'),
  (8, 'WAID', 'Windows AID', 'Windows advertising id', 'DEVICE'),
  (9, 'TNTID', 'TNTID', 'Adobe Target id', 'COOKIE'),
  (11, 'Email_LC_SHA256', 'Emails (SHA256, lowercased)', 'SHA256 of a lowercased email address', 'EMAIL'),
  (20914, 'IDFA', 'Apple IDFA (ID for Advertisers)', 'Apple advertising id', 'DEVICE'),
  (20915, 'GAID', 'Google Ad ID (GAID)', 'Google advertising id', 'DEVICE'),
  (411, 'AdCloud', 'AdCloud', 'Adobe Advertising Cloud id', 'COOKIE'),
  (32, 'Phone_E.164', 'Phone (E.164)', 'Phone number in E.164 format', 'PHONE')
);
