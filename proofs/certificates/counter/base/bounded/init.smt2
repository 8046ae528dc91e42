; pincheck certificate: model counter, variant base, invariant bounded
; Each obligation file asserts the negation of one proof step; every solver must answer unsat.
; inductive invariant:
; 1 lemmas mined from the 12 reachable states
; pincheck
(set-info :status unsat)
(set-logic ALL)
(declare-fun |s.x#2| () Bool)
(declare-fun |s.x#1| () Bool)
(declare-fun s.y () Bool)
(declare-fun |s.x#0| () Bool)
(assert
 (let (($x65 (and true)))
 (let (($x13 (not |s.x#1|)))
 (let (($x14 (and $x13 |s.x#2|)))
 (let (($x15 (not $x14)))
 (let (($x16 (and |s.x#2| $x15)))
 (let (($x17 (not $x16)))
 (let (($x71 (and $x17 $x65)))
 (let (($x43 (not |s.x#2|)))
 (let (($x24 (not |s.x#0|)))
 (let (($x85 (and $x24 $x13 $x43 (not s.y))))
 (and $x85 (not $x71)))))))))))))
(check-sat)
