; pincheck certificate: model counter, variant base, invariant bounded
; Each obligation file asserts the negation of one proof step; every solver must answer unsat.
; inductive invariant:
; 0 lemmas of an earlier proof
; step obligation 2 of 3: Inv ∧ flip(b=false) ∧ ¬Inv′
; pincheck
(set-info :status unknown)
(set-logic ALL)
(declare-fun |t.x#2| () Bool)
(declare-fun |t.x#1| () Bool)
(declare-fun t.y () Bool)
(declare-fun |s.x#2| () Bool)
(declare-fun |s.x#1| () Bool)
(declare-fun |s.x#0| () Bool)
(declare-fun |t.x#0| () Bool)
(assert
 (let (($x103 (and (not (and |t.x#2| (not (and (not |t.x#1|) |t.x#2|)))) true)))
 (let (($x60 (= |t.x#2| |s.x#2|)))
 (let (($x59 (= |t.x#1| |s.x#1|)))
 (let (($x58 (= |t.x#0| |s.x#0|)))
 (let (($x62 (and true $x58 $x59 $x60 (= t.y false))))
 (let (($x13 (not |s.x#1|)))
 (let (($x14 (and $x13 |s.x#2|)))
 (let (($x15 (not $x14)))
 (let (($x16 (and |s.x#2| $x15)))
 (let (($x17 (not $x16)))
 (let (($x95 (and $x17 true)))
 (and $x95 $x62 (not $x103))))))))))))))
(check-sat)
