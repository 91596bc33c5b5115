// title: Technological gatekeepers
// description: Actors the analysis classed as technological gatekeepers (label :Gatekeeper,
//   Giuliani & Bell 2005): how many external actors they get knowledge from and how many
//   actors of the cluster they pass it to. Needs an analysis written back.
// param: study: string (required) -- study key
// param: relation: string = "knowledge" -- the knowledge relation
// param: wave: string = null -- only ties of this wave (default: every wave)
MATCH (g:Gatekeeper {study: $study})
OPTIONAL MATCH (src:External)-[r]->(g)
  WHERE type(r) = toUpper($relation) AND ($wave IS NULL OR r.wave = $wave)
WITH g, count(DISTINCT src) AS external_sources
OPTIONAL MATCH (g)-[r2]->(dst:Actor)
  WHERE type(r2) = toUpper($relation) AND NOT dst:External AND ($wave IS NULL OR r2.wave = $wave)
WITH g, external_sources, count(DISTINCT dst) AS local_recipients
RETURN g.id AS id,
       g.name AS name,
       g.kind AS kind,
       external_sources,
       local_recipients,
       g.role_reason AS reason
ORDER BY local_recipients DESC, external_sources DESC, id
