// title: Knowledge sources of an actor
// description: Who an actor (id or exact name) receives technical knowledge from: each
//   source with its kind, whether it belongs to the cluster, the wave, the tie's weight and
//   any interview evidence.
// param: study: string (required) -- study key
// param: actor: string (required) -- actor id or exact name
// param: relation: string = "knowledge" -- the knowledge relation
// param: wave: string = null -- only ties of this wave (default: every wave)
MATCH (a:Actor {study: $study})
WHERE a.id = $actor OR a.name = $actor
MATCH (src:Actor)-[r]->(a)
WHERE type(r) = toUpper($relation) AND ($wave IS NULL OR r.wave = $wave)
RETURN src.id AS id,
       src.name AS name,
       src.kind AS kind,
       NOT src:External AS internal,
       r.wave AS wave,
       r.weight AS weight,
       r.evidence AS evidence
ORDER BY wave, weight DESC, id
