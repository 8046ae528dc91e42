; pincheck certificate: model counter, variant base, invariant bounded
; Each obligation file asserts the negation of one proof step; every solver must answer unsat.
; inductive invariant:
; 0 lemmas of an earlier proof
; pincheck
(set-info :status unknown)
(set-logic ALL)
(declare-fun |s.x#2| () Bool)
(declare-fun |s.x#1| () Bool)
(assert
 (let (($x86 (not true)))
 (let (($x13 (not |s.x#1|)))
 (let (($x14 (and $x13 |s.x#2|)))
 (let (($x15 (not $x14)))
 (let (($x16 (and |s.x#2| $x15)))
 (let (($x17 (not $x16)))
 (let (($x95 (and $x17 true)))
 (and $x95 $x86)))))))))
(check-sat)
