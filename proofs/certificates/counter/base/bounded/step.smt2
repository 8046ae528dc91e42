; pincheck certificate: model counter, variant base, invariant bounded
; Each obligation file asserts the negation of one proof step; every solver must answer unsat.
; inductive invariant:
; (and (>= s.x 0) (not (>= s.x 6)))
; pincheck
(set-info :status unsat)
(set-logic ALL)
(declare-fun t.x () Int)
(declare-fun t.y () Bool)
(declare-fun s.x () Int)
(declare-fun s.y () Bool)
(assert
 (let (($x58 (and true (and (= t.x s.x) (= t.y true)))))
 (let (($x26 (and true (and (= t.x s.x) (= t.y false)))))
 (let (($x35 (and (= t.x (ite (< s.x 5) (+ s.x 1) s.x)) (= t.y s.y))))
 (let (($x15 (< s.x 5)))
 (let (($x37 (and $x15 $x35)))
 (let (($x1967 (or $x37 $x26 $x58)))
 (let (($x1964 (>= t.x 0)))
 (let (($x1966 (and $x1964 (<= t.x 5))))
 (let (($x18 (<= s.x 5)))
 (let (($x93 (>= s.x 0)))
 (let (($x1986 (and $x93 $x18)))
 (let (($x1947 (and $x93 (not (>= s.x 6)))))
 (and $x1947 $x1986 $x1966 $x1967 (not (and $x1964 (not (>= t.x 6))))))))))))))))))
(check-sat)
