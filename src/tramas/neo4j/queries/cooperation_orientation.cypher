// title: Horizontal and vertical cooperation
// description: Cooperation among competitors (horizontal) and between buyers and suppliers
//   (vertical), per wave: `reports` counts the ties as reported, `pairs` the distinct pairs
//   of actors (a tie reported by both sides counts once).
// param: study: string (required) -- study key
// param: relation: string = "cooperation" -- the cooperation relation
MATCH (a:Actor {study: $study})-[r]->(b:Actor)
WHERE type(r) = toUpper($relation)
WITH r.wave AS wave,
     coalesce(r.orientation, 'unspecified') AS orientation,
     r,
     CASE WHEN a.id < b.id THEN [a.id, b.id] ELSE [b.id, a.id] END AS pair
RETURN wave,
       orientation,
       count(r) AS reports,
       count(DISTINCT pair) AS pairs
ORDER BY wave, orientation
