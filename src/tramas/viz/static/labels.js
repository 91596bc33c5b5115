/* tramas map page: label culling: which labels fit on screen at the current zoom. Extends window.tramasMap (see map.js). */
