/* tramas map page: geographic layout: the basemap under the nodes and the rim labels of far actors. Extends window.tramasMap (see map.js). */
