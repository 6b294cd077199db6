// A hand-written stand-in for a generated program (harness/adapters/go.test.ts):
// it speaks the generated program's protocol (-list, -case ID -runs N -seed S
// -timeout MS, -case ID -single) and misbehaves on purpose, one way per case,
// so the adapter's handling of each misbehaviour is tested without depending
// on the code generator. The table `behaviour` (case id → what to do) is
// written next to this file by the test.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

type outcome map[string]interface{}

func meta() map[string]interface{} {
	return map[string]interface{}{"goVersion": runtime.Version(), "goos": runtime.GOOS, "goarch": runtime.GOARCH, "gomaxprocs": runtime.GOMAXPROCS(0), "compiler": runtime.Compiler}
}

// rendezvous: a goroutine sends 7 on an unbuffered channel, main receives it.
func rendezvous() outcome {
	c := make(chan int)
	go func() { c <- 7 }()
	v := <-c
	return outcome{"end": "ok", "obs": map[string][]int{"v": {v}}}
}

func one(b string) outcome {
	switch b {
	case "ok":
		return rendezvous()
	case "forbidden":
		return outcome{"end": "ok", "obs": map[string][]int{"v": {8}}}
	case "panic":
		return outcome{"end": "panic", "message": "send on closed channel", "goroutine": "main"}
	}
	return outcome{"end": "may-not-terminate"}
}

func main() {
	list := flag.Bool("list", false, "list the cases")
	id := flag.String("case", "", "case id")
	runs := flag.Int("runs", 1, "runs")
	flag.Int64("seed", 0, "seed")
	timeout := flag.Int("timeout", 1000, "per-run timeout, ms")
	single := flag.Bool("single", false, "one run as a whole program")
	flag.Parse()
	if *list {
		for k := range behaviour {
			fmt.Println(k)
		}
		return
	}
	b, ok := behaviour[*id]
	if !ok {
		fmt.Fprintf(os.Stderr, "unknown case %q\n", *id)
		os.Exit(3)
	}
	_ = timeout
	switch b {
	case "hang":
		time.Sleep(time.Hour)
	case "crash":
		var m map[string]int
		m["x"] = 1 // panic: assignment to entry in nil map
	case "garbage":
		fmt.Println("this is not JSON")
		return
	case "babble":
		s := strings.Repeat("babble ", 1000)
		for {
			fmt.Println(s)
		}
	case "miscount":
		fmt.Printf(`{"case":%q,"runs":%d,"histogram":[{"outcome":{"end":"ok","obs":{}},"count":1,"firstRun":0}],"errors":[],"meta":{}}`+"\n", *id, *runs)
		return
	case "deadlock":
		c := make(chan int)
		<-c
	}
	if *single {
		o := one(b)
		line, _ := json.Marshal(map[string]interface{}{"case": *id, "outcome": o, "meta": meta()})
		fmt.Println(string(line))
		if o["end"] == "panic" {
			os.Exit(2)
		}
		return
	}
	type entry struct {
		Outcome  outcome `json:"outcome"`
		Count    int     `json:"count"`
		FirstRun int     `json:"firstRun"`
	}
	var hist []*entry
	seen := map[string]*entry{}
	for i := 0; i < *runs; i++ {
		o := one(b)
		k, _ := json.Marshal(o)
		if e, ok := seen[string(k)]; ok {
			e.Count++
		} else {
			e := &entry{o, 1, i}
			seen[string(k)] = e
			hist = append(hist, e)
		}
	}
	line, _ := json.Marshal(map[string]interface{}{"case": *id, "runs": *runs, "histogram": hist, "errors": []int{}, "meta": meta()})
	fmt.Println(string(line))
}
