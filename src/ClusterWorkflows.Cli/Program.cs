Console.WriteLine("cw");
