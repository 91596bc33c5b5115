// title: Ties between communities
// description: Ties that cross from one sub-cluster (:Community found by the analysis) to
//   another, per ordered pair of communities and relation: the bridges between groups.
//   Needs an analysis written back.
// param: study: string (required) -- study key
// param: relation: string = null -- only ties of this relation (default: every relation)
// param: wave: string = null -- only ties of this wave (default: every wave)
MATCH (a:Actor {study: $study})-[:MEMBER_OF]->(ca:Community)
MATCH (a)-[r]->(b:Actor)-[:MEMBER_OF]->(cb:Community)
WHERE ca <> cb
  AND ($relation IS NULL OR type(r) = toUpper($relation))
  AND ($wave IS NULL OR r.wave = $wave)
RETURN ca.community AS from_community,
       cb.community AS to_community,
       toLower(type(r)) AS relation,
       count(r) AS ties
ORDER BY ties DESC, from_community, to_community, relation
