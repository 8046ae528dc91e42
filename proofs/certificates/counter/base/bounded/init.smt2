; pincheck certificate: model counter, variant base, invariant bounded
; Each obligation file asserts the negation of one proof step; every solver must answer unsat.
; inductive invariant:
; (and (>= s.x 0) (not (>= s.x 6)))
; pincheck
(set-info :status unsat)
(set-logic ALL)
(declare-fun s.x () Int)
(declare-fun s.y () Bool)
(assert
 (let (($x1985 (and (= s.x 0) (= s.y false))))
 (and $x1985 (not (and (>= s.x 0) (not (>= s.x 6)))))))
(check-sat)
