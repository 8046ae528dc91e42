; pincheck certificate: the inductive invariant of counter base for bounded, over the
; state constants s.SLOT. recheck takes only this from the folder and rebuilds the obligations
; from the model named in certificate.txt.
; pincheck
(set-info :status unknown)
(set-logic ALL)
(check-sat)
