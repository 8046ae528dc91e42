; pincheck certificate: model counter, variant base, invariant bounded
; Each obligation file asserts the negation of one proof step; every solver must answer unsat.
; inductive invariant:
; (and (not (and |s.x#2| (not (and (not |s.x#1|) |s.x#2|)))) true)
; pincheck
(set-info :status unsat)
(set-logic ALL)
(declare-fun |s.x#2| () Bool)
(declare-fun |s.x#1| () Bool)
(declare-fun s.y () Bool)
(declare-fun |s.x#0| () Bool)
(assert
 (let (($x15 (not |s.x#1|)))
 (let (($x16 (and $x15 |s.x#2|)))
 (let (($x17 (not $x16)))
 (let (($x18 (and |s.x#2| $x17)))
 (let (($x19 (not $x18)))
 (let (($x164 (and $x19 true)))
 (let (($x45 (not |s.x#2|)))
 (let (($x26 (not |s.x#0|)))
 (let (($x145 (and $x26 $x15 $x45 (not s.y))))
 (and $x145 (not $x164))))))))))))
(check-sat)
