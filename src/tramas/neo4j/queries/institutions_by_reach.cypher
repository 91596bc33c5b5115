// title: Institutions ranked by reach
// description: Government agencies, research centres, financial institutions and
//   associations ranked by how many actors they reach in two steps (ties in either
//   direction, any relation): `direct` actors tied to them, `reach` actors within two
//   steps, and how many of those are firms.
// param: study: string (required) -- study key
// param: wave: string = null -- only ties of this wave (default: every wave)
// param: limit: int[1..10000] = 20 -- how many institutions to list
MATCH (i:Actor {study: $study})
WHERE i:Government OR i:Research OR i:Finance OR i:Association
OPTIONAL MATCH (i)-[r1]-(n1:Actor)
  WHERE $wave IS NULL OR r1.wave = $wave
WITH i, collect(DISTINCT n1) AS direct
OPTIONAL MATCH (i)-[r1]-(:Actor)-[r2]-(n2:Actor)
  WHERE n2 <> i AND ($wave IS NULL OR (r1.wave = $wave AND r2.wave = $wave))
WITH i, direct, collect(DISTINCT n2) AS second
WITH i, direct, direct + [n IN second WHERE NOT n IN direct] AS reached
RETURN i.id AS id,
       i.name AS name,
       i.kind AS kind,
       size(direct) AS direct,
       size(reached) AS reach,
       size([n IN direct WHERE n:Firm]) AS firms_direct,
       size([n IN reached WHERE n:Firm]) AS firms_reach
ORDER BY reach DESC, direct DESC, id
LIMIT $limit
