// title: Study overview
// description: Ties per relation and wave, with the number of actors that hold them:
//   a first look at what a loaded study contains.
// param: study: string (required) -- study key
MATCH (a:Actor {study: $study})-[r]->(b:Actor)
WITH toLower(type(r)) AS relation, r.wave AS wave, r, a, b
UNWIND [a, b] AS x
RETURN relation,
       wave,
       count(DISTINCT r) AS ties,
       count(DISTINCT x) AS actors
ORDER BY relation, wave
