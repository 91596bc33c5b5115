// title: Actors of a community
// description: The members of one sub-cluster found by the analysis, most connected first,
//   with how stable their membership was across runs and their cognitive role. Needs an
//   analysis written back.
// param: study: string (required) -- study key
// param: community: int[1..1000000] (required) -- community number (1 = largest)
MATCH (a:Actor {study: $study})-[m:MEMBER_OF]->(c:Community {study: $study, community: $community})
RETURN a.id AS id,
       a.name AS name,
       a.kind AS kind,
       a.degree AS degree,
       m.stability AS stability,
       a.cognitive_role AS cognitive_role
ORDER BY degree DESC, id
