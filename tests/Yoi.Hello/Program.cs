Console.Out.WriteLine("{\"hello\":\"world\"}");
