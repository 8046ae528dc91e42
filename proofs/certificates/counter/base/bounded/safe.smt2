; pincheck certificate: model counter, variant base, invariant bounded
; Each obligation file asserts the negation of one proof step; every solver must answer unsat.
; inductive invariant:
; (and (>= s.x 0) (not (>= s.x 6)))
; pincheck
(set-info :status unsat)
(set-logic ALL)
(declare-fun s.x () Int)
(assert
 (let (($x15 (< s.x 5)))
 (let (($x68 (and $x15 (not (and (>= (+ s.x 1) 0) (<= (+ s.x 1) 5))))))
 (let (($x69 (or (and $x15 (or (< (+ s.x 1) (- 2147483648)) (> (+ s.x 1) 2147483647))) $x68)))
 (let (($x18 (<= s.x 5)))
 (let (($x72 (and $x18 (not (or false $x69 false false)))))
 (let (($x74 (not $x72)))
 (let (($x93 (>= s.x 0)))
 (let (($x1986 (and $x93 $x18)))
 (let (($x1947 (and $x93 (not (>= s.x 6)))))
 (and $x1947 $x1986 $x74)))))))))))
(check-sat)
