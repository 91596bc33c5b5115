// title: Isolated SMEs
// description: Small and medium firms of the cluster with no ties in the analysed network
//   (label :IsolatedSME): targets for policy. `ties` counts their ties in the chosen wave
//   (default: every wave, so earlier ties show). Needs an analysis written back.
// param: study: string (required) -- study key
// param: wave: string = null -- count ties of this wave only (default: every wave)
MATCH (a:IsolatedSME {study: $study})
OPTIONAL MATCH (a)-[r]-(:Actor)
  WHERE $wave IS NULL OR r.wave = $wave
WITH a, count(r) AS ties
RETURN a.id AS id,
       a.name AS name,
       a.size AS size,
       a.employees AS employees,
       a.municipality AS municipality,
       ties,
       a.sme_reason AS reason
ORDER BY id
